"use strict";

function sendError(res, status, message) {
  res.status(status).json({ error: message });
}

function notFound(req, res) {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
}

module.exports = { sendError, notFound };
