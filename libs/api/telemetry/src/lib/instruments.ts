import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus series the API exports (`GET /metrics` on METRICS_PORT, docs/operations.md).
 * One registry per process: counters are incremented where the event happens (a lockout in
 * auth, a 429 where it is raised), gauges that read the database are filled on scrape
 * (`WorkGauges`). Names start with `zhtj_`; ops/alerts.yml and ops/grafana use only these.
 */
export const telemetryRegistry = new Registry();

export const httpRequestDuration = new Histogram({
  name: 'zhtj_http_request_duration_seconds',
  help: 'HTTP requests by method, route template (never a raw path) and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [telemetryRegistry],
});

/** Where a 429 came from: the per-address login and reset budgets, the password-hash gate, the ID-number lookup ration. */
export type RateLimit = 'login_address' | 'reset_address' | 'password_hashing' | 'id_lookup';
export const rateLimited = new Counter({
  name: 'zhtj_rate_limited_total',
  help: 'Requests refused with 429, by the limit that refused them',
  labelNames: ['limit'] as const,
  registers: [telemetryRegistry],
});

export const lockouts = new Counter({
  name: 'zhtj_lockouts_total',
  help: 'Lockouts set: an account and client address after repeated wrong passwords (login), or a client after repeated wrong reset codes (reset_code)',
  labelNames: ['kind'] as const,
  registers: [telemetryRegistry],
});

export const groupCommitSize = new Histogram({
  name: 'zhtj_group_commit_size',
  help: 'Requests written together in one group-commit transaction (Coalescer), by kind',
  labelNames: ['kind'] as const,
  buckets: [1, 2, 3, 5, 10, 20, 50, 100],
  registers: [telemetryRegistry],
});

export const jobRuns = new Counter({
  name: 'zhtj_job_runs_total',
  help: 'Runs of the scheduled jobs by outcome: done, skipped (another replica holds it) or failed',
  labelNames: ['job', 'outcome'] as const,
  registers: [telemetryRegistry],
});

export const jobDuration = new Histogram({
  name: 'zhtj_job_duration_seconds',
  help: 'Duration of the scheduled jobs that did their work (outcome done or failed)',
  labelNames: ['job'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800],
  registers: [telemetryRegistry],
});

export const jobLastSuccess = new Gauge({
  name: 'zhtj_job_last_success_timestamp_seconds',
  help: 'Unix time this process last finished a job (done or skipped because another replica ran it)',
  labelNames: ['job'] as const,
  registers: [telemetryRegistry],
});

export const autoReturned = new Counter({
  name: 'zhtj_transfers_auto_returned_total',
  help: 'Transfers returned by the 10-day sweep (§3.2.3) in this process',
  registers: [telemetryRegistry],
});

export const graduatesOrgsConverted = new Counter({
  name: 'zhtj_graduates_orgs_converted_total',
  help: 'Branches turned into graduates orgs by the 1 June job (§4) in this process',
  registers: [telemetryRegistry],
});

export const remindersSent = new Counter({
  name: 'zhtj_transfer_reminders_total',
  help: 'Reminders (催办) sent on pending transfers',
  registers: [telemetryRegistry],
});

/** The kinds of scheduled work, as labelled in `zhtj_job_*`. */
export type JobName = 'auto_return' | 'graduates_orgs' | 'metrics_check' | 'membership_ends';

/**
 * Runs a scheduled job and records it: `zhtj_job_runs_total{outcome}`, its duration when it did
 * the work, and the time of its last success. `skipped(result)` says when another replica held it.
 */
export async function recordJob<T>(job: JobName, run: () => Promise<T>, skipped: (r: T) => boolean = () => false): Promise<T> {
  const end = jobDuration.startTimer({ job });
  try {
    const result = await run();
    if (skipped(result)) jobRuns.inc({ job, outcome: 'skipped' });
    else {
      end();
      jobRuns.inc({ job, outcome: 'done' });
    }
    jobLastSuccess.set({ job }, Date.now() / 1000);
    return result;
  } catch (e) {
    end();
    jobRuns.inc({ job, outcome: 'failed' });
    throw e;
  }
}
