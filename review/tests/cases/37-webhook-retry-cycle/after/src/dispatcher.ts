import { createHmac } from 'node:crypto';
import { scheduleRetry } from './scheduler';
import type { DeliveryJob, DeliveryResult, RetryPolicy, Subscription, WebhookEvent } from './types';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

const TIMEOUT_MS = 10_000;

/** Signature over "<timestamp>.<body>", as documented for subscribers. */
export function sign(secret: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export async function deliver(
  sub: Subscription,
  event: WebhookEvent,
  fetchImpl: FetchLike = fetch,
  now: () => number = Date.now,
): Promise<DeliveryResult> {
  const body = JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt, data: event.data });
  const timestamp = Math.floor(now() / 1000);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetchImpl(sub.url, {
      method: 'POST',
      body,
      signal: controller.signal,
      headers: {
        'Content-Type': 'application/json',
        'Webhook-Id': event.id,
        'Webhook-Timestamp': String(timestamp),
        'Webhook-Signature': `v1=${sign(sub.secret, body, timestamp)}`,
      },
    });
    return { ok: response.ok, status: response.status };
  } catch (err) {
    return { ok: false, status: 0, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export interface DispatchContext {
  policy: RetryPolicy;
  fetchImpl?: FetchLike;
  /** Called once a job has failed for the last time. */
  onGiveUp?: (job: DeliveryJob, last: DeliveryResult) => void;
}

function isRetryable(result: DeliveryResult): boolean {
  return result.status === 0 || result.status === 408 || result.status === 429 || result.status >= 500;
}

/**
 * Delivers a job and, if it failed with a retryable status, schedules the
 * next attempt (which calls dispatch again) until the policy gives up.
 */
export async function dispatch(job: DeliveryJob, ctx: DispatchContext): Promise<DeliveryResult> {
  const result = await deliver(job.subscription, job.event, ctx.fetchImpl);
  if (result.ok) {
    return result;
  }
  if (!isRetryable(result) || job.attempt >= ctx.policy.maxAttempts) {
    ctx.onGiveUp?.(job, result);
    return result;
  }
  scheduleRetry(job, ctx);
  return result;
}
