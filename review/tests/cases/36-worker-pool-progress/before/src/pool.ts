import { Worker } from 'node:worker_threads';
import { cpus } from 'node:os';
import type { ResultMessage, TaskMessage } from './messages';

interface PendingTask<I, O> {
  id: number;
  input: I;
  resolve: (output: O) => void;
  reject: (error: Error) => void;
}

export class WorkerPool<I, O> {
  private readonly idle: Worker[] = [];
  private readonly queue: PendingTask<I, O>[] = [];
  private readonly running = new Map<Worker, PendingTask<I, O>>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly script: URL, size = Math.max(1, cpus().length - 1)) {
    for (let i = 0; i < size; i++) {
      this.idle.push(this.spawn());
    }
  }

  run(input: I): Promise<O> {
    if (this.closed) {
      return Promise.reject(new Error('pool is closed'));
    }
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject });
      this.drain();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) {
      task.reject(new Error('pool closed before the task started'));
    }
    await Promise.all([...this.idle, ...this.running.keys()].map((worker) => worker.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(this.script);
    worker.on('message', (message: ResultMessage<O>) => {
      const task = this.running.get(worker);
      if (!task || task.id !== message.id) return;
      this.running.delete(worker);
      if (message.kind === 'result') {
        task.resolve(message.output);
      } else {
        task.reject(new Error(message.error));
      }
      this.idle.push(worker);
      this.drain();
    });
    worker.on('error', (error) => {
      // The worker is dead: fail its task and replace it.
      const task = this.running.get(worker);
      this.running.delete(worker);
      task?.reject(error);
      if (!this.closed) {
        this.idle.push(this.spawn());
        this.drain();
      }
    });
    return worker;
  }

  private drain(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.running.set(worker, task);
      const message: TaskMessage<I> = { kind: 'task', id: task.id, input: task.input };
      worker.postMessage(message);
    }
  }
}
