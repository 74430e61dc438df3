'use strict';

function list(value) {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is required`);
  }
  return value;
}

module.exports = Object.freeze({
  env: process.env.NODE_ENV ?? 'development',
  port: Number(process.env.PORT ?? 3000),
  sessionSecret: required('SESSION_SECRET'),
  redisUrl: process.env.REDIS_URL ?? 'redis://localhost:6379',
  allowedOrigins: list(process.env.ALLOWED_ORIGINS ?? 'https://app.example.com'),
});
