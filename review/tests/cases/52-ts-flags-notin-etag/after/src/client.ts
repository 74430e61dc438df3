import { evaluate } from "./evaluate";
import type { Evaluation, Flag, User } from "./types";

export interface ClientOptions {
  baseUrl: string;
  sdkKey: string;
  refreshIntervalMs?: number;
  fetch?: typeof fetch;
}

export class FlagClient {
  private flags = new Map<string, Flag>();
  /** ETag of the last flag payload, sent back so that the server can answer 304. */
  private etag: string | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Loads the flags once, then keeps them fresh in the background. */
  async start(): Promise<void> {
    await this.refresh();
    const interval = this.options.refreshIntervalMs ?? 30_000;
    this.timer = setInterval(() => {
      this.refresh().catch((err) => console.warn("flag refresh failed", err));
    }, interval);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async refresh(): Promise<void> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.sdkKey}` };
    if (this.etag) {
      headers["If-None-Match"] = this.etag;
    }
    const res = await this.fetchImpl(`${this.options.baseUrl}/sdk/flags`, { headers });
    if (res.status === 304) {
      return;
    }
    const body = (await res.json()) as { flags: Flag[] };
    this.flags = new Map(body.flags.map((f) => [f.key, f]));
    this.etag = res.headers.get("ETag");
  }

  /** The flag's value for `user`, or `fallback` when the flag is unknown. */
  variation<T>(key: string, user: User, fallback: T): T {
    const evaluation = this.evaluation(key, user);
    return evaluation ? (evaluation.value as T) : fallback;
  }

  evaluation(key: string, user: User): Evaluation | undefined {
    const flag = this.flags.get(key);
    return flag ? evaluate(flag, user) : undefined;
  }
}
