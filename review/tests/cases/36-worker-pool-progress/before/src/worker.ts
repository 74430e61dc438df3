import { parentPort } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { ResultMessage, TaskMessage } from './messages';

export interface HashInput {
  path: string;
  algorithm: 'sha256' | 'sha1';
}

async function hashFile({ path, algorithm }: HashInput): Promise<string> {
  const data = await readFile(path);
  return createHash(algorithm).update(data).digest('hex');
}

parentPort!.on('message', async (message: TaskMessage<HashInput>) => {
  let reply: ResultMessage<string>;
  try {
    reply = { kind: 'result', id: message.id, output: await hashFile(message.input) };
  } catch (err) {
    reply = { kind: 'failure', id: message.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
