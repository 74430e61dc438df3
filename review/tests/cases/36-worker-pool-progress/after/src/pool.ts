import { Worker } from 'node:worker_threads';
import { cpus } from 'node:os';
import type { InitMessage, ResultMessage, TaskMessage } from './messages';

type Job<I, O> = {
  input: I;
  done: (error: Error | null, output?: O) => void;
};

/**
 * A fixed set of workers that take jobs round-robin. Every worker shares one
 * progress counter with the pool, so callers can poll bytesProcessed while
 * jobs are running.
 */
export class WorkerPool<I, O> {
  readonly progress = new SharedArrayBuffer(4);
  private readonly counter = new Int32Array(this.progress);
  private readonly workers: Worker[] = [];
  private readonly jobs = new Map<number, Job<I, O>>();
  private next = 0;
  private seq = 0;

  constructor(script: URL, size = Math.max(1, cpus().length - 1)) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script);
      const init: InitMessage = { kind: 'init', progress: this.progress };
      worker.postMessage(init);
      worker.on('message', (message: ResultMessage<O>) => {
        const job = this.jobs.get(message.id)!;
        this.jobs.delete(message.id);
        if (message.kind === 'result') job.done(null, message.output);
        else job.done(new Error(message.error));
      });
      this.workers.push(worker);
    }
  }

  get bytesProcessed(): number {
    return Atomics.load(this.counter, 0);
  }

  run(input: I): Promise<O> {
    const id = ++this.seq;
    const worker = this.workers[this.next];
    this.next = (this.next + 1) % this.workers.length;
    return new Promise<O>((resolve, reject) => {
      this.jobs.set(id, { input, done: (error, output) => (error ? reject(error) : resolve(output as O)) });
      const message: TaskMessage<I> = { kind: 'task', id, input };
      worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
