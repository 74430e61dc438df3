'use strict';

const request = require('supertest');

process.env.SESSION_SECRET = 'test-secret';
process.env.ALLOWED_ORIGINS = 'https://app.example.com';

const { createApp } = require('../src/app');
const RedisMock = require('ioredis-mock');

const logger = { error: jest.fn() };

describe('app', () => {
  let app;
  beforeEach(() => {
    app = createApp({ redisClient: new RedisMock(), logger });
  });

  it('allows credentialed requests from the web app', async () => {
    const res = await request(app).get('/api/ping').set('Origin', 'https://app.example.com');
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it('does not grant CORS to unknown origins', async () => {
    const res = await request(app).get('/api/ping').set('Origin', 'https://evil.example.net');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sets an httpOnly session cookie on login', async () => {
    const res = await request(app).post('/api/login').send({ email: 'a@example.com', password: 'pw' });
    const cookie = res.headers['set-cookie'].find((c) => c.startsWith('sid='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });
});
