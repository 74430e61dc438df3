import { formatDate, formatDuration } from './dates';
import type { Job, JobRun } from './types';

export interface ReportRow {
  job: string;
  day: string;
  runs: number;
  failures: number;
  meanDuration: string;
}

const UNKNOWN = '\u2014';

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
