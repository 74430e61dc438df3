'use strict';

const { generateToken, hashToken, consumeResetToken, issueResetToken, TOKEN_TTL_MS } = require('../src/auth/resetTokens');
const { createTestDb } = require('./helpers/db');

describe('reset tokens', () => {
  let db;
  beforeEach(async () => {
    db = await createTestDb();
  });
  afterEach(() => db.close());

  it('generates 256-bit hex tokens', () => {
    const token = generateToken();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(generateToken()).not.toBe(token);
  });

  it('stores only the hash', async () => {
    const token = await issueResetToken(db, 'user-1');
    const { rows } = await db.query('SELECT token_hash FROM password_resets');
    expect(rows).toEqual([{ token_hash: hashToken(token) }]);
  });

  it('is single-use', async () => {
    const token = await issueResetToken(db, 'user-1');
    expect(await consumeResetToken(db, token)).toBe('user-1');
    expect(await consumeResetToken(db, token)).toBeNull();
  });

  it('expires', async () => {
    const now = Date.now();
    const token = await issueResetToken(db, 'user-1', now);
    expect(await consumeResetToken(db, token, now + TOKEN_TTL_MS)).toBeNull();
  });
});
