'use strict';

const express = require('express');
const pino = require('pino');
const { deploymentsRouter } = require('./routes/deployments');
const { githubWebhookRouter } = require('./webhooks/github');

function createApp({ logger = pino(), deployer }) {
  const app = express();

  app.get('/healthz', (req, res) => res.json({ ok: true }));
  // Registered before express.json(): the webhook verifies the raw body.
  app.use('/webhooks/github', githubWebhookRouter({ deployer, logger }));

  app.use(express.json({ limit: '1mb' }));
  app.use('/deployments', deploymentsRouter({ deployer, logger }));

  app.use((req, res) => res.status(404).json({ error: 'not found' }));
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    logger.error({ err }, 'unhandled error');
    res.status(500).json({ error: 'internal error' });
  });
  return app;
}

module.exports = { createApp };
