import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24 (observability): the results of `metrics_check()`, written by the API's slow job
 * (`MetricsCheckJob`, source `api`) and by `npm run metrics:rebuild -- --check` (source
 * `metrics:rebuild`), so every replica's `GET /metrics` reports the last one with one indexed read.
 */
export class MetricsCheckResult1765700000246 implements MigrationInterface {
  name = 'MetricsCheckResult1765700000246';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE metrics_check_result (
        id bigserial PRIMARY KEY,
        checked_at timestamptz NOT NULL DEFAULT now(),
        differences integer NOT NULL,
        duration_ms integer NOT NULL,
        source text NOT NULL CHECK (source IN ('api', 'metrics:rebuild'))
      )`);
    await q.query(`CREATE INDEX metrics_check_result_checked_at_idx ON metrics_check_result (checked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE metrics_check_result`);
  }
}
