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
    const res = await this.fetchImpl(`${this.options.baseUrl}/sdk/flags`, {
      headers: { Authorization: `Bearer ${this.options.sdkKey}` },
    });
    if (!res.ok) {
      throw new Error(`flag fetch failed: HTTP ${res.status}`);
    }
    const body = (await res.json()) as { flags: Flag[] };
    this.flags = new Map(body.flags.map((f) => [f.key, f]));
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
