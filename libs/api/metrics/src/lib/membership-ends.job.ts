import { Controller, HttpCode, Injectable, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock, RequestContext, ScheduledJob } from '@zhtj/api/core';
import { ScopedDb } from '@zhtj/api/db';
import { recordJob } from '@zhtj/api/telemetry';

const EVERY_MS = 60 * 60_000;

/**
 * DOMAIN.md §6 Interpretation "membership ended", by age: a graduate who turns 28 without a League
 * post (§2 Q1) before their transfer completes leaves the cohort's figures from that day — and no
 * write says so. Hourly (and at start, and on demand: `POST /api/jobs/membership-ends`) the facts
 * whose membership has ended are refreshed (`metrics_end_memberships()`), which records the change
 * in the day's ledger. Idempotent; leaving with a reason needs no job (its write refreshes).
 */
@Injectable()
export class MembershipEndsJob extends ScheduledJob {
  constructor(
    private readonly db: ScopedDb,
    clock: Clock,
  ) {
    super(clock, { name: 'MembershipEndsJob', everyMs: EVERY_MS, runNow: true });
  }

  protected override runScheduled(): Promise<unknown> {
    return this.run();
  }

  /** Recorded as job `membership_ends`; answers how many members' facts it refreshed. */
  run(): Promise<{ members: number }> {
    return recordJob('membership_ends', () =>
      this.db.transaction(async (tx) => {
        const [row]: { members: number }[] = await tx.execute(`SELECT metrics_end_memberships() AS members`);
        return { members: row?.members ?? 0 };
      }),
    );
  }

  runAsNational(): Promise<{ members: number }> {
    RequestContext.nationalAdmin();
    return this.run();
  }
}

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('jobs')
export class MembershipEndsJobController {
  constructor(private readonly job: MembershipEndsJob) {}

  @Post('membership-ends')
  @HttpCode(200)
  @ApiOperation({ summary: '团中央管理员：立即把已满 28 周岁（无团内职务）且未完成转接的毕业生移出衔接率统计（§6；也按计划每小时执行）' })
  run() {
    return this.job.runAsNational();
  }
}
