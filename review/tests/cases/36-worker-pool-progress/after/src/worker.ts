import { parentPort } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { InitMessage, ResultMessage, TaskMessage } from './messages';

export interface HashInput {
  path: string;
  algorithm: 'sha256' | 'sha1';
}

let progress: Int32Array | undefined;

async function hashFile({ path, algorithm }: HashInput): Promise<string> {
  const data = await readFile(path);
  const digest = createHash(algorithm).update(data).digest('hex');
  if (progress) {
    Atomics.add(progress, 0, data.byteLength);
    Atomics.notify(progress, 0);
  }
  return digest;
}

parentPort!.on('message', async (message: TaskMessage<HashInput> | InitMessage) => {
  if (message.kind === 'init') {
    progress = new Int32Array(message.progress);
    return;
  }
  let reply: ResultMessage<string>;
  try {
    reply = { kind: 'result', id: message.id, output: await hashFile(message.input) };
  } catch (err) {
    reply = { kind: 'failure', id: message.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
