import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequiresSecondFactor } from '@zhtj/api/core';
import {
  ApproveDto,
  BatchApproveDto,
  BulkInitiateDto,
  BulkRemindDto,
  CreateTransferDto,
  RejectDto,
  TargetsByPlaceQuery,
  TransferListQuery,
  TransferTargetQuery,
} from './dto';
import { RemindersService } from './reminders.service';
import { TransferDecisionService } from './transfer-decision.service';
import { TransferDirectoryService } from './transfer-directory.service';
import { TransferInitiationService } from './transfer-initiation.service';
import { TransferReadingService } from './transfer-reading.service';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class TransfersController {
  constructor(
    private readonly reading: TransferReadingService,
    private readonly directory: TransferDirectoryService,
    private readonly initiation: TransferInitiationService,
    private readonly decision: TransferDecisionService,
    private readonly reminders: RemindersService,
  ) {}

  @Post()
  @ApiOperation({ summary: '发起组织关系转接（团员本人、转出方或转入方管理员，Q21）' })
  initiate(@Body() dto: CreateTransferDto) {
    return this.initiation.initiate(dto);
  }

  @Get('targets')
  @ApiOperation({ summary: '按名称查找转入组织（全国范围，仅组织名称与所在地）' })
  targets(@Query() q: TransferTargetQuery) {
    return this.directory.searchTargetsUnscoped(q);
  }

  @Get('targets/by-place')
  @ApiOperation({ summary: '按地区选择转入组织（省 → 市 → 县 → 该地组织树，逐级展开；全国范围，仅组织名称与所在地）' })
  targetsByPlace(@Query() q: TargetsByPlaceQuery) {
    return this.directory.targetsByPlaceUnscoped(q);
  }

  @Get('reminders')
  @ApiOperation({ summary: '收到的催办：待本组织（或因超时上报到本组织）审核的转接，含已等待天数' })
  reminderInbox() {
    return this.reminders.inbox();
  }

  @Get()
  @ApiOperation({ summary: '转接列表：incoming 待本组织审批 · outgoing 本组织转出 · mine 我发起的 / 我的' })
  list(@Query() q: TransferListQuery) {
    return this.reading.list(q);
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: '批量发起转接（至多 100 名团员，同一类型和转入组织）：逐个按单个发起的规则判断，逐个答复已发起或原因' })
  initiateMany(@Body() dto: BulkInitiateDto) {
    return this.initiation.initiateMany(dto);
  }

  @Post('remind-many')
  @HttpCode(200)
  @ApiOperation({ summary: '批量催办（至多 100 条）：逐条按单条催办的规则判断，逐条答复' })
  remindMany(@Body() dto: BulkRemindDto) {
    return this.reminders.remindMany(dto.ids);
  }

  @Post('batch-approve')
  @RequiresSecondFactor()
  @HttpCode(200)
  @ApiOperation({
    summary:
      '批量审核通过（至多 100 条）：逐条按单条审核的规则判断，通过的在一个事务中写入，其余逐条说明原因；转入团委须分配团支部的请单条审核',
  })
  approveMany(@Body() dto: BatchApproveDto) {
    return this.decision.approveMany(dto.ids);
  }

  @Get(':id')
  @ApiOperation({ summary: '审批页面：团员信息、联系方式、紧急联系人、双方组织及管理员（Q16）' })
  detail(@Param('id') id: string) {
    return this.reading.detail(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: '审核通过；转入的是团委时须同时分配到其下属团支部（branchId，§5）' })
  approve(@Param('id') id: string, @Body() dto: ApproveDto) {
    return this.decision.approve(id, dto.branchId);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: '退回，须说明理由（Q15, Q20）' })
  reject(@Param('id') id: string, @Body() dto: RejectDto) {
    return this.decision.reject(id, dto.reason);
  }

  @Post(':id/remind')
  @HttpCode(200)
  @ApiOperation({ summary: '催办（团员本人、发起人或转出一方；每条转接每天最多一次，超时未理会逐级上报）' })
  remind(@Param('id') id: string) {
    return this.reminders.remind(id);
  }

  @Post(':id/close-return')
  @HttpCode(200)
  @ApiOperation({ summary: '关闭已退回的转接（发起人或团员本人）：不再在首页提示；重新发起同一团员的转接后也不再提示' })
  closeReturn(@Param('id') id: string) {
    return this.decision.closeReturn(id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: '撤销（发起人或团员本人，待审核时，Q13）' })
  withdraw(@Param('id') id: string) {
    return this.decision.withdraw(id);
  }
}
