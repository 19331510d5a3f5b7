import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUTO_RETURN_DAYS, NEW_STUDENTS_DEADLINE_MONTHS, seasonCalendar, seasonYear, toShanghaiDate, transferPhase } from '@zhtj/domain';
import { Clock } from '@zhtj/api/core';
import type { SeasonCalendarView } from '@zhtj/shared/contract';
import { AbroadReportDto, ArrivalDto, CheckInDto, ExternalOutcomeDto } from './dto';
import { TransferFollowUpService } from './follow-up';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('members')
export class MemberFollowUpController {
  constructor(private readonly followUp: TransferFollowUpService) {}

  @Post(':id/check-in')
  @HttpCode(200)
  @ApiOperation({ summary: '登记线下报到（转入组织或其上级，转接审核通过后，Q10/Q16）' })
  checkIn(@Param('id') id: string, @Body() dto: CheckInDto) {
    return this.followUp.checkIn(id, dto);
  }

  @Post(':id/abroad-reports')
  @ApiOperation({ summary: '登记出国（境）学习团员的定期报告（§2.5）' })
  addAbroadReport(@Param('id') id: string, @Body() dto: AbroadReportDto) {
    return this.followUp.addAbroadReport(id, dto);
  }

  @Get(':id/abroad-reports')
  @ApiOperation({ summary: '出国（境）学习团员的定期报告记录（§2.5）' })
  abroadReports(@Param('id') id: string) {
    return this.followUp.abroadReports(id);
  }
}

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class TransferFollowUpController {
  constructor(private readonly followUp: TransferFollowUpService) {}

  @Post('arrivals')
  @ApiOperation({ summary: '登记从北京、广东、福建转入的团员（转入组织，记为已通过的转入，§5/Q17）' })
  arrival(@Body() dto: ArrivalDto) {
    return this.followUp.recordArrival(dto);
  }

  @Post(':id/external-outcome')
  @HttpCode(200)
  @ApiOperation({ summary: '转出方登记北京、广东、福建系统的审核结果：通过，或退回及理由（Q17）' })
  externalOutcome(@Param('id') id: string, @Body() dto: ExternalOutcomeDto) {
    return this.followUp.externalOutcome(id, dto);
  }
}

/** The season calendar the domain knows (§5; guide §1, §3), at the server's clock. */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly clock: Clock) {}

  @Get()
  @ApiOperation({ summary: '转接工作日历：当前阶段与本届的关键日期（5月1日—12月31日，9月30日前完成接收，10月31日前完成升学衔接，10月起10天未审核自动退回）' })
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
