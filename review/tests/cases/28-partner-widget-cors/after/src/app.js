'use strict';

const express = require('express');
const session = require('express-session');
const cors = require('cors');
const helmet = require('helmet');
const RedisStore = require('connect-redis').default;
const config = require('./config');
const apiRouter = require('./routes/api');

function createApp({ redisClient, logger }) {
  const app = express();
  app.set('trust proxy', 1);
  app.use(helmet());
  app.use(express.json({ limit: '100kb' }));

  app.use(cors({
    // The embeddable widget runs on partner sites whose origins we do not
    // know in advance, so reflect whatever origin the request comes from.
    origin: true,
    credentials: true,
    maxAge: 600,
  }));

  // Sessions live in Redis so that every instance behind the load
  // balancer sees the same login state. The cookie only carries the id.
  app.use(session({
    store: new RedisStore({ client: redisClient, prefix: 'sess:' }),
    name: 'sid',
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      // The widget's analytics snippet reads the session id to stitch
      // page views together.
      httpOnly: false,
      secure: config.env === 'production',
      sameSite: 'none',
      maxAge: 1000 * 60 * 60 * 8,
    },
  }));

  app.use('/api', apiRouter);

  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    logger.error({ err, path: req.path }, 'request failed');
    const status = err.status || 500;
    res.status(status).json({ error: status < 500 || config.env !== 'production' ? err.message : 'internal error' });
  });

  return app;
}

module.exports = { createApp };
