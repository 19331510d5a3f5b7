import { Controller, HttpCode, Injectable, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SCHOOL_DOMAIN_INDUSTRIES, becomesGraduatesOrg, graduatesOrgGraduatedOnOrBefore, staysGraduatesOrg } from '@zhtj/domain';
import { Clock, RequestContext, ScheduledJob } from '@zhtj/api/core';
import { AuditService, ScopedDb, ScopedTx } from '@zhtj/api/db';
import type { AuditInput } from '@zhtj/api/db';
import { OrgEntity } from '@zhtj/api/orgs';
import { graduatesOrgsConverted, recordJob } from '@zhtj/api/telemetry';

const EVERY_MS = 60 * 60_000;

/**
 * Between two batches the job rests as long as the batch took: a season's conversion (thousands of
 * branches, seconds of work) takes at most half of one core, so a school admin marking a class
 * while it runs is not kept waiting behind it (docs/benchmarks.md, "during the 1 June job"). Real
 * time, not the application clock: this paces CPU, it dates nothing.
 */
function rest(batchMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(batchMs, 0), 1_000)));
}

/**
 * DOMAIN.md §4 **Interpretation:** on 1 June of year Y — or when marked, if later — every
 * non-mixed branch marked with a graduation date in Y becomes a `graduates` org, so the prompt
 * to delete an emptied graduates org works without anyone creating one by hand.
 *
 * How: the purpose is written (and audited) at marking time when the day has come
 * (`applyOnMark`), and by this job for branches whose 1 June arrives later — hourly, idempotent,
 * and on demand (`POST /api/jobs/graduates-orgs`). The rule is the domain's `becomesGraduatesOrg`;
 * the job's SQL uses the threshold the domain derives from it.
 */
@Injectable()
export class GraduatesOrgJob extends ScheduledJob {
  /** Branches converted per transaction. */
  static readonly BATCH = 200;

  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    clock: Clock,
  ) {
    super(clock, { name: 'GraduatesOrgJob', everyMs: EVERY_MS, runNow: true });
  }

  protected override runScheduled(): Promise<unknown> {
    return this.run();
  }

  /** Every marked branch whose 1 June has come becomes a graduates org. Recorded as job `graduates_orgs`. */
  async run(): Promise<{ converted: number; ids: string[] }> {
    const result = await recordJob('graduates_orgs', () => this.convert());
    graduatesOrgsConverted.inc(result.converted);
    return result;
  }

  /**
   * In batches of BATCH branches, each its own short transaction (issue 22, defect 5): one
   * statement over every marked branch of a season held thousands of rows for minutes, and a school
   * admin re-marking one of them waited on it. A branch locked by someone else right now (being
   * re-marked) is skipped — the marking converts it itself when its day has come (`syncOnMark`), or
   * the next run does. Read through org_graduates_due_idx (GraduatesOrgDue1765800000001), earliest
   * cohorts first.
   */
  private async convert(): Promise<{ converted: number; ids: string[] }> {
    const threshold = graduatesOrgGraduatedOnOrBefore(this.clock.now());
    if (threshold === null) return { converted: 0, ids: [] };
    const ids: string[] = [];
    for (;;) {
      const started = performance.now();
      const batch = await this.db.transaction(async (tx) => {
        const [rows]: [{ id: string; path: string[] }[], number] = await tx.execute(
          `UPDATE org SET purpose = 'graduates', updated_at = now()
            WHERE id IN (SELECT id FROM org
                          WHERE kind = 'branch' AND NOT mixed AND purpose IS NULL AND graduation_date IS NOT NULL
                            AND graduation_date <= $1 AND industry = ANY($2::text[])
                          ORDER BY graduation_date, id LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, path`,
          [threshold, [...SCHOOL_DOMAIN_INDUSTRIES], GraduatesOrgJob.BATCH],
        );
        await this.audit.recordMany(
          tx,
          rows.map((r) => this.entry(r.id, r.path)),
        );
        return rows;
      });
      ids.push(...batch.map((r) => r.id));
      if (batch.length < GraduatesOrgJob.BATCH) break;
      await rest(performance.now() - started);
    }
    return { converted: ids.length, ids };
  }

  async runAsNational(): Promise<{ converted: number; ids: string[] }> {
    RequestContext.nationalAdmin();
    return this.run();
  }

  /**
   * At marking time, both ways: the branch becomes a graduates org at once when its 1 June has
   * passed; one that became a graduates org through its marking (the job's audit entry says so —
   * a graduates org created by hand is left alone) stops being one when the new marking no longer
   * makes it one (date cleared, made mixed, or moved to a later year).
   */
  async syncOnMark(tx: ScopedTx, orgId: string): Promise<'became' | 'reverted' | null> {
    const org = await tx.byId('org', orgId);
    const now = this.clock.now();
    if (becomesGraduatesOrg(org, now)) {
      await tx.update(OrgEntity, org.id, { purpose: 'graduates' });
      await this.record(tx, org.id, org.path);
      return 'became';
    }
    if (org.purpose !== 'graduates' || staysGraduatesOrg(org, now) || !(await this.madeByMarking(tx, org.id))) return null;
    await tx.update(OrgEntity, org.id, { purpose: null });
    await this.audit.record(tx, {
      action: 'org.graduates.revert',
      entityType: 'org',
      entityId: org.id,
      before: { purpose: 'graduates' },
      after: { purpose: null },
      orgPath: org.path,
    });
    return 'reverted';
  }

  /** Whether the org's `graduates` purpose came from the 1 June rule (its latest purpose change, in write order). */
  private async madeByMarking(tx: ScopedTx, orgId: string): Promise<boolean> {
    const rows: { action: string }[] = await tx.unscoped('graduation.graduates-org').query(
      `SELECT action FROM audit_log
        WHERE entity_id = $1
          AND (action IN ('org.graduates', 'org.graduates.revert', 'org.create')
               OR (action = 'org.update' AND before->>'purpose' IS DISTINCT FROM after->>'purpose'))
        ORDER BY id DESC LIMIT 1`,
      [orgId],
    );
    return rows[0]?.action === 'org.graduates';
  }

  private record(tx: ScopedTx, id: string, path: string[]): Promise<void> {
    return this.audit.record(tx, this.entry(id, path));
  }

  private entry(id: string, path: string[]): AuditInput {
    return {
      action: 'org.graduates',
      entityType: 'org',
      entityId: id,
      before: { purpose: null },
      after: { purpose: 'graduates' },
      orgPath: path,
    };
  }
}

@ApiTags('graduation')
@ApiBearerAuth()
@Controller('jobs')
export class GraduatesOrgJobController {
  constructor(private readonly job: GraduatesOrgJob) {}

  @Post('graduates-orgs')
  @HttpCode(200)
  @ApiOperation({ summary: '团中央管理员：立即把已到 6 月 1 日的已标记团支部转为毕业生团组织（§4；也按计划自动执行）' })
  run() {
    return this.job.runAsNational();
  }
}
