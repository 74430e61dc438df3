import { WorkerPool } from './pool';
import type { HashInput } from './worker';

export interface HashReport {
  hashes: Map<string, string>;
  failures: Map<string, string>;
}

export async function hashAll(paths: string[], algorithm: HashInput['algorithm'] = 'sha256'): Promise<HashReport> {
  const pool = new WorkerPool<HashInput, string>(new URL('./worker.js', import.meta.url));
  const hashes = new Map<string, string>();
  const failures = new Map<string, string>();
  try {
    const settled = await Promise.allSettled(paths.map((path) => pool.run({ path, algorithm })));
    settled.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') {
        hashes.set(paths[i], outcome.value);
      } else {
        failures.set(paths[i], String(outcome.reason?.message ?? outcome.reason));
      }
    });
  } finally {
    await pool.close();
  }
  return { hashes, failures };
}
