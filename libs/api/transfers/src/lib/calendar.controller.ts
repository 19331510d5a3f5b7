import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUTO_RETURN_DAYS, NEW_STUDENTS_DEADLINE_MONTHS, seasonCalendar, seasonYear, toShanghaiDate, transferPhase } from '@zhtj/domain';
import { Clock } from '@zhtj/api/core';
import type { SeasonCalendarView } from '@zhtj/shared/contract';

/** The season calendar the domain knows (§5; guide §1, §3), at the server's clock. */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly clock: Clock) {}

  @Get()
  @ApiOperation({
    summary:
      '转接工作日历：当前阶段与本届的关键日期（5月1日—12月31日，9月30日前完成接收，10月31日前完成升学衔接，10月起10天未审核自动退回）',
  })
  get(): SeasonCalendarView {
    const now = this.clock.now();
    const today = toShanghaiDate(now) as string;
    const year = seasonYear(now) ?? Number(today.slice(0, 4));
    return {
      today,
      phase: transferPhase(now) ?? 'off_season',
      season: seasonCalendar(year),
      autoReturnDays: AUTO_RETURN_DAYS,
      newStudentsDeadlineMonths: NEW_STUDENTS_DEADLINE_MONTHS,
    };
  }
}
