'use strict';

const request = require('supertest');

process.env.SESSION_SECRET = 'test-secret';

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

  it('allows the widget on partner sites', async () => {
    const res = await request(app).get('/api/ping').set('Origin', 'https://shop.partner.test');
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.partner.test');
  });

  it('sets a session cookie on login', async () => {
    const res = await request(app).post('/api/login').send({ email: 'a@example.com', password: 'pw' });
    const cookie = res.headers['set-cookie'].find((c) => c.startsWith('sid='));
    expect(cookie).toBeDefined();
  });
});
