import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21 item 9: a 延迟毕业 move (§2.7) is the graduation marking's own act, not a transfer some
 * account approved. `transfer.decided_by_marking` says so, with `decided_by` empty; the moves the
 * marking wrote before (decided by the account that initiated them) are rewritten alike, so that
 * "no account decides its own request" (DOMAIN.md §5) has no exception in the data.
 */
export class TransferDecidedByMarking1765600000022 implements MigrationInterface {
  name = 'TransferDecidedByMarking1765600000022';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transfer ADD COLUMN decided_by_marking boolean NOT NULL DEFAULT false`);
    await q.query(
      `UPDATE transfer SET decided_by = NULL, decided_by_marking = true
        WHERE type = 'delayed_graduation' AND status = 'approved' AND decided_by = initiated_by`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE transfer SET decided_by = initiated_by WHERE decided_by_marking`);
    await q.query(`ALTER TABLE transfer DROP COLUMN decided_by_marking`);
  }
}
