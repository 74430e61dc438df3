'use strict';

const db = require('../db');
const carriers = require('../carriers');

const ORDER_COLUMNS = 'id, user_id AS "userId", status, total_cents AS "totalCents", created_at AS "createdAt"';

async function listForUser(userId, { limit = 20 } = {}) {
  const { rows } = await db.query(
    `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2`,
    [userId, limit],
  );
  return rows;
}

async function findById(id) {
  const { rows } = await db.query(
    `SELECT ${ORDER_COLUMNS}, carrier_code AS "carrierCode", tracking_number AS "trackingNumber"
       FROM orders WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

async function cancel(orderId, userId) {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `UPDATE orders SET status = 'cancelled', updated_at = now()
         WHERE id = $1 AND user_id = $2 AND status = 'pending'
       RETURNING ${ORDER_COLUMNS}`,
      [orderId, userId],
    );
    if (rows.length === 0) {
      const err = new Error('order is no longer pending');
      err.status = 409;
      throw err;
    }
    await tx.query(
      'INSERT INTO order_events (order_id, kind, actor_id) VALUES ($1, $2, $3)',
      [orderId, 'cancelled', userId],
    );
    return rows[0];
  });
}

async function getTracking(order) {
  if (!order.trackingNumber) {
    return { status: order.status, events: [] };
  }
  const carrier = carriers.forCode(order.carrierCode);
  if (!carrier) {
    return { status: order.status, trackingNumber: order.trackingNumber, events: [] };
  }
  const events = await carrier.fetchEvents(order.trackingNumber);
  return {
    status: order.status,
    carrier: carrier.name,
    trackingNumber: order.trackingNumber,
    events: events.sort((a, b) => b.at - a.at),
  };
}

module.exports = { listForUser, findById, cancel, getTracking };
