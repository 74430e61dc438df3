import type { Job, JobRun } from './types';

export interface ReportRow {
  job: string;
  day: string;
  runs: number;
  failures: number;
  meanDuration: string;
}

const UNKNOWN = '\u2014';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** YYYY-MM-DD in UTC, independent of the server's time zone. */
export function formatDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** "1h 05m", "12m 30s" or "45s" for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${pad2(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad2(seconds)}s`;
  return `${seconds}s`;
}

export function dailyReport(jobs: Job[], runs: JobRun[]): ReportRow[] {
  const byKey = new Map<string, JobRun[]>();
  for (const run of runs) {
    const key = `${run.jobId}|${formatDate(run.startedAt)}`;
    const list = byKey.get(key);
    if (list) list.push(run);
    else byKey.set(key, [run]);
  }
  const names = new Map(jobs.map((job) => [job.id, job.name]));
  const rows: ReportRow[] = [];
  for (const [key, group] of byKey) {
    const [jobId, day] = key.split('|');
    const finished = group.filter((run) => run.finishedAt !== null);
    const total = finished.reduce((sum, run) => sum + (run.finishedAt!.getTime() - run.startedAt.getTime()), 0);
    rows.push({
      job: names.get(jobId) ?? jobId,
      day,
      runs: group.length,
      failures: group.filter((run) => run.status === 'failed').length,
      meanDuration: finished.length > 0 ? formatDuration(total / finished.length) : UNKNOWN,
    });
  }
  return rows.sort((a, b) => a.day.localeCompare(b.day) || a.job.localeCompare(b.job));
}
