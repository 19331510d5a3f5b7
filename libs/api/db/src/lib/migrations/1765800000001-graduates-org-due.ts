import { MigrationInterface, QueryRunner } from 'typeorm';
import { SCHOOL_DOMAIN_INDUSTRIES } from '@zhtj/domain';

/**
 * The 1 June job's candidates (DOMAIN.md §4, `GraduatesOrgJob`): marked, non-mixed school-domain
 * branches not yet a graduates org, by graduation date. Each batch of 200 read every org before (a
 * sequential scan and a sort: 44 ms a batch over 211 k orgs at scale 0.05, 94 batches; at national
 * scale, 4.4 M orgs a batch); a converted branch leaves this index, so a batch now reads its 200
 * rows (0.8 ms). The predicate is the job's WHERE, the industries the domain's list as it stands:
 * should that list change, rebuild the index in a migration (until then the planner leaves it
 * unused — slower, never wrong).
 */
export class GraduatesOrgDue1765800000001 implements MigrationInterface {
  name = 'GraduatesOrgDue1765800000001';

  async up(q: QueryRunner): Promise<void> {
    const industries = SCHOOL_DOMAIN_INDUSTRIES.map((i) => `'${i}'`).join(', ');
    await q.query(
      `CREATE INDEX org_graduates_due_idx ON org (graduation_date, id)
        WHERE kind = 'branch' AND NOT mixed AND purpose IS NULL AND graduation_date IS NOT NULL AND industry = ANY(ARRAY[${industries}]::text[])`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX org_graduates_due_idx`);
  }
}
