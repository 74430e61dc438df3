export interface WebhookEvent {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export interface Subscription {
  id: string;
  url: string;
  secret: string;
  eventTypes: string[];
}

export interface DeliveryResult {
  ok: boolean;
  /** HTTP status, or 0 when the request did not complete. */
  status: number;
  error?: string;
}

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 30_000,
  maxDelayMs: 6 * 60 * 60 * 1000,
  multiplier: 3,
};

export interface DeliveryJob {
  subscription: Subscription;
  event: WebhookEvent;
  /** 1 for the first delivery. */
  attempt: number;
}
