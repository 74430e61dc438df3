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
