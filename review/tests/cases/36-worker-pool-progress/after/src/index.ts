import { WorkerPool } from './pool';
import type { HashInput } from './worker';

export interface HashReport {
  hashes: Map<string, string>;
  failures: Map<string, string>;
  bytes: number;
  filesDone: number;
}

export async function hashAll(
  paths: string[],
  algorithm: HashInput['algorithm'] = 'sha256',
  onProgress?: (filesDone: number, bytes: number) => void,
): Promise<HashReport> {
  const pool = new WorkerPool<HashInput, string>(new URL('./worker.js', import.meta.url));
  const hashes = new Map<string, string>();
  const failures = new Map<string, string>();
  const stats = { filesDone: 0 };
  try {
    await Promise.all(
      paths.map(async (path) => {
        const done = stats.filesDone;
        try {
          hashes.set(path, await pool.run({ path, algorithm }));
        } catch (err) {
          failures.set(path, (err as Error).message);
        }
        stats.filesDone = done + 1;
        onProgress?.(stats.filesDone, pool.bytesProcessed);
      }),
    );
  } finally {
    await pool.close();
  }
  return { hashes, failures, bytes: pool.bytesProcessed, filesDone: stats.filesDone };
}
