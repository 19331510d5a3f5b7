import { Controller, HttpCode, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock, RequestContext, forbidden, scheduleEvery } from '@zhtj/api/core';
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
export class MembershipEndsJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('MembershipEndsJob');
  private stop: () => void = () => undefined;

  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = scheduleEvery(this.clock, EVERY_MS, () => this.run(), { runNow: true, onError: (e) => this.log.error(e.message, e.stack) });
  }

  onModuleDestroy(): void {
    this.stop();
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
    if (RequestContext.actor().role !== 'national_admin') throw forbidden();
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
