'use strict';

const sessions = require('../sessions');

async function requireUser(req, res, next) {
  try {
    const user = await sessions.userFromRequest(req);
    if (!user) {
      return res.status(401).json({ error: 'sign in required' });
    }
    req.user = user;
    next();
  } catch (err) {
    next(err);
  }
}

module.exports = { requireUser };
