export interface Mutation {
  id: string;
  path: string;
  method: "PUT" | "POST" | "DELETE";
  body?: unknown;
  attempts: number;
}

const MAX_ATTEMPTS = 5;

export class SyncQueue {
  private pending: Mutation[] = [];
  private flushing = false;

  constructor(private readonly baseUrl: string) {}

  enqueue(m: Omit<Mutation, "attempts">): void {
    this.pending.push({ ...m, attempts: 0 });
  }

  get size(): number {
    return this.pending.length;
  }

  async flush(): Promise<number> {
    if (this.flushing) {
      return 0;
    }
    this.flushing = true;
    let sent = 0;
    try {
      console.debug("[sync] flushing", this.pending.length, "mutations");
      while (this.pending.length > 0) {
        const m = this.pending[0];
        const ok = await this.send(m);
        if (ok) {
          this.pending.shift();
          sent++;
          continue;
        }
        m.attempts++;
        if (m.attempts >= MAX_ATTEMPTS) {
          console.error(`[sync] giving up on ${m.id} after ${m.attempts} attempts`);
          this.pending.shift();
        } else {
          console.warn(`[sync] ${m.id} failed, will retry`);
          break;
        }
      }
    } finally {
      this.flushing = false;
    }
    console.debug("[sync] flushed", sent);
    return sent;
  }

  private async send(m: Mutation): Promise<boolean> {
    const res = await fetch(this.baseUrl + m.path, {
      method: m.method,
      headers: { "content-type": "application/json" },
      body: m.body === undefined ? undefined : JSON.stringify(m.body),
    });
    console.debug("[sync] response", m.id, res.status);
    return res.ok;
  }
}
