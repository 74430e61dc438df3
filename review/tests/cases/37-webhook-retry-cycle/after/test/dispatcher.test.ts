import { describe, expect, it, vi } from 'vitest';
import { deliver, dispatch, sign } from '../src/dispatcher';
import { retryDelayMs } from '../src/scheduler';
import type { RetryPolicy, Subscription, WebhookEvent } from '../src/types';

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

describe('dispatch', () => {
  const policy: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1000, maxDelayMs: 5000, multiplier: 3 };

  it('grows the delay geometrically and caps it', () => {
    expect([1, 2, 3].map((attempt) => retryDelayMs(attempt, policy))).toEqual([1000, 3000, 5000]);
  });

  it('retries 5xx until it succeeds', async () => {
    vi.useFakeTimers();
    const fetchImpl = vi
      .fn()
      .mockResolvedValueOnce(new Response(null, { status: 502 }))
      .mockResolvedValueOnce(new Response(null, { status: 200 }));
    const onGiveUp = vi.fn();
    await dispatch({ subscription: sub, event, attempt: 1 }, { policy, fetchImpl, onGiveUp });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(onGiveUp).not.toHaveBeenCalled();
    vi.useRealTimers();
  });

  it('gives up after maxAttempts and does not retry 4xx', async () => {
    vi.useFakeTimers();
    const onGiveUp = vi.fn();
    const failing = vi.fn().mockResolvedValue(new Response(null, { status: 503 }));
    await dispatch({ subscription: sub, event, attempt: 1 }, { policy, fetchImpl: failing, onGiveUp });
    await vi.advanceTimersByTimeAsync(1000 + 3000);
    expect(failing).toHaveBeenCalledTimes(3);
    expect(onGiveUp).toHaveBeenCalledTimes(1);

    const gone = vi.fn().mockResolvedValue(new Response(null, { status: 410 }));
    await dispatch({ subscription: sub, event, attempt: 1 }, { policy, fetchImpl: gone, onGiveUp });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(gone).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});
