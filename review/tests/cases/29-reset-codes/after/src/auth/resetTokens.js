'use strict';

const crypto = require('node:crypto');

// Short codes that people can type from the e-mail on another device.
// No 0/O or 1/I to avoid confusion.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
const TOKEN_TTL_MS = 30 * 60 * 1000;

function generateToken() {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    code += CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)];
  }
  return code;
}

function normalizeCode(input) {
  return String(input).replace(/[\s-]/g, '').toUpperCase();
}

function hashToken(token) {
  return crypto.createHash('sha256').update(token).digest('hex');
}

async function issueResetToken(db, userId, now = Date.now()) {
  const token = generateToken();
  // Only the hash is stored: a leaked table does not let anyone reset passwords.
  await db.query(
    'INSERT INTO password_resets (user_id, token_hash, expires_at) VALUES ($1, $2, $3)',
    [userId, hashToken(token), new Date(now + TOKEN_TTL_MS)],
  );
  return token;
}

async function consumeResetToken(db, token, now = Date.now()) {
  // DELETE ... RETURNING makes a token single-use even under concurrent requests.
  const { rows } = await db.query(
    'DELETE FROM password_resets WHERE token_hash = $1 RETURNING user_id, expires_at',
    [hashToken(token)],
  );
  const record = rows[0];
  if (!record) {
    return null;
  }
  if (record.expires_at.getTime() <= now) {
    return null;
  }
  return record.user_id;
}

module.exports = { generateToken, normalizeCode, hashToken, issueResetToken, consumeResetToken, TOKEN_TTL_MS };
