'use strict';

const express = require('express');
const { requireUser } = require('../middleware/auth');
const orderService = require('../services/orderService');

const router = express.Router();

router.use(requireUser);

router.get('/', async (req, res, next) => {
  try {
    const limit = Math.min(Number(req.query.limit) || 20, 100);
    const orders = await orderService.listForUser(req.user.id, { limit });
    res.json({ orders });
  } catch (err) {
    next(err);
  }
});

router.get('/:id', async (req, res, next) => {
  try {
    const order = await orderService.findById(req.params.id);
    if (!order) {
      return res.status(404).json({ error: 'order not found' });
    }
    if (order.userId !== req.user.id && !req.user.isAdmin) {
      return res.status(403).json({ error: 'forbidden' });
    }
    res.json({ order });
  } catch (err) {
    next(err);
  }
});

router.post('/:id/cancel', async (req, res, next) => {
  try {
    const order = await orderService.findById(req.params.id);
    if (!order || order.userId !== req.user.id) {
      return res.status(404).json({ error: 'order not found' });
    }
    if (order.status !== 'pending') {
      return res.status(409).json({ error: `cannot cancel an order that is ${order.status}` });
    }
    const cancelled = await orderService.cancel(order.id, req.user.id);
    res.json({ order: cancelled });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
