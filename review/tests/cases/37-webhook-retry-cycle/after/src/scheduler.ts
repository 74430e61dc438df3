import { dispatch, type DispatchContext } from './dispatcher';
import type { DeliveryJob, RetryPolicy } from './types';

/** Delay before attempt `attempt + 1`, growing geometrically up to maxDelayMs. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
}

/**
 * Schedules the next attempt of a failed job. The timer is unref'd so that
 * pending retries do not keep a shutting-down process alive; jobs are
 * persisted separately and resumed on start.
 */
export function scheduleRetry(job: DeliveryJob, ctx: DispatchContext): ReturnType<typeof setTimeout> {
  const next: DeliveryJob = { ...job, attempt: job.attempt + 1 };
  const timer = setTimeout(() => {
    void dispatch(next, ctx);
  }, retryDelayMs(job.attempt, ctx.policy));
  timer.unref?.();
  return timer;
}
