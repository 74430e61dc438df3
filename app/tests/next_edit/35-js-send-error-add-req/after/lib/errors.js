"use strict";

function sendError(req, res, status, message) {
  res.status(status).json({ error: message, requestId: req.id });
}

function notFound(req, res) {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
}

module.exports = { sendError, notFound };
