import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Returned transfers stay on their initiator's 首页 until sent again or closed (issue 23 item 5):
 * `return_closed_at` is when the initiator (or the member) closed a returned one. The partial index
 * serves `GET /api/transfers?box=returned` — an initiator's open returns, a small set.
 */
export class ReturnClosed1765600000050 implements MigrationInterface {
  name = 'ReturnClosed1765600000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transfer ADD COLUMN return_closed_at timestamptz`);
    await q.query(
      `CREATE INDEX transfer_open_returns ON transfer (initiated_by, initiated_at DESC) WHERE status IN ('rejected', 'expired') AND return_closed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX transfer_open_returns`);
    await q.query(`ALTER TABLE transfer DROP COLUMN return_closed_at`);
  }
}
