import { describe, expect, it, vi } from 'vitest';
import { deliver, sign } from '../src/dispatcher';
import type { Subscription, WebhookEvent } from '../src/types';

export const sub: Subscription = { id: 's1', url: 'https://hooks.test/in', secret: 'shh', eventTypes: ['order.paid'] };
export const event: WebhookEvent = { id: 'evt_1', type: 'order.paid', createdAt: '2024-05-01T10:00:00Z', data: { orderId: 'o1' } };

describe('deliver', () => {
  it('posts a signed body', async () => {
    const fetchImpl = vi.fn().mockResolvedValue(new Response(null, { status: 204 }));
    const result = await deliver(sub, event, fetchImpl, () => 1_714_557_600_000);
    expect(result).toEqual({ ok: true, status: 204 });
    const [, init] = fetchImpl.mock.calls[0];
    expect(init.headers['Webhook-Timestamp']).toBe('1714557600');
    expect(init.headers['Webhook-Signature']).toBe(`v1=${sign('shh', init.body, 1714557600)}`);
  });

  it('reports network failures as status 0', async () => {
    const fetchImpl = vi.fn().mockRejectedValue(new TypeError('fetch failed'));
    await expect(deliver(sub, event, fetchImpl)).resolves.toEqual({ ok: false, status: 0, error: 'fetch failed' });
  });
});
