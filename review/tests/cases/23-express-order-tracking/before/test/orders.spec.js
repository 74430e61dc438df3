'use strict';

const request = require('supertest');
const express = require('express');

jest.mock('../src/services/orderService');
jest.mock('../src/middleware/auth', () => ({
  requireUser: (req, res, next) => {
    req.user = { id: 'u1', isAdmin: false };
    next();
  },
}));

const orderService = require('../src/services/orderService');
const ordersRouter = require('../src/routes/orders');

function makeApp() {
  const app = express();
  app.use(express.json());
  app.use('/orders', ordersRouter);
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => res.status(err.status || 500).json({ error: err.message }));
  return app;
}

describe('orders routes', () => {
  beforeEach(() => jest.resetAllMocks());

  it("lists the current user's orders with a capped limit", async () => {
    orderService.listForUser.mockResolvedValue([{ id: 'o1', status: 'pending' }]);
    const res = await request(makeApp()).get('/orders?limit=500');
    expect(res.status).toBe(200);
    expect(res.body.orders).toHaveLength(1);
    expect(orderService.listForUser).toHaveBeenCalledWith('u1', { limit: 100 });
  });

  it('returns 404 for a missing order', async () => {
    orderService.findById.mockResolvedValue(null);
    const res = await request(makeApp()).get('/orders/o404');
    expect(res.status).toBe(404);
  });

  it("returns 403 for another user's order", async () => {
    orderService.findById.mockResolvedValue({ id: 'o2', userId: 'u2', status: 'paid' });
    const res = await request(makeApp()).get('/orders/o2');
    expect(res.status).toBe(403);
    expect(res.body).not.toHaveProperty('order');
  });

  it('refuses to cancel a shipped order', async () => {
    orderService.findById.mockResolvedValue({ id: 'o3', userId: 'u1', status: 'shipped' });
    const res = await request(makeApp()).post('/orders/o3/cancel');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/shipped/);
    expect(orderService.cancel).not.toHaveBeenCalled();
  });

  it('cancels a pending order', async () => {
    orderService.findById.mockResolvedValue({ id: 'o4', userId: 'u1', status: 'pending' });
    orderService.cancel.mockResolvedValue({ id: 'o4', userId: 'u1', status: 'cancelled' });
    const res = await request(makeApp()).post('/orders/o4/cancel');
    expect(res.status).toBe(200);
    expect(res.body.order.status).toBe('cancelled');
    expect(orderService.cancel).toHaveBeenCalledWith('o4', 'u1');
  });
});
