'use strict';

const { issueResetToken, consumeResetToken, normalizeCode } = require('./resetTokens');
const { hashPassword, validatePassword } = require('./passwords');

async function requestPasswordReset({ db, mailer, baseUrl }, email) {
  const { rows } = await db.query('SELECT id, email FROM users WHERE lower(email) = lower($1)', [email]);
  const user = rows[0];
  // Same response whether or not the address exists, so the endpoint cannot
  // be used to discover accounts.
  if (!user) return;
  const code = await issueResetToken(db, user.id);
  const link = new URL('/reset-password', baseUrl);
  link.searchParams.set('code', code);
  await mailer.send({
    to: user.email,
    template: 'password-reset',
    variables: { link: link.toString(), code: `${code.slice(0, 4)}-${code.slice(4)}`, validMinutes: 30 },
  });
}

async function resetPassword({ db }, token, newPassword) {
  const problems = validatePassword(newPassword);
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const userId = await consumeResetToken(db, normalizeCode(token));
  if (!userId) {
    return { ok: false, problems: ['the reset link is invalid or has expired'] };
  }
  await db.query('UPDATE users SET password_hash = $1, sessions_revoked_at = now() WHERE id = $2', [
    await hashPassword(newPassword),
    userId,
  ]);
  return { ok: true };
}

module.exports = { requestPasswordReset, resetPassword };
