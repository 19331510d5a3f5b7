import { Body, Controller, Get, Module, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequiresSecondFactor, XLSX_MIME, xlsxDownload } from '@zhtj/api/core';
import type { ImportReport } from '@zhtj/shared/contract';
import { CreateMemberDto, LeaveDto, MemberImportDto, MemberListQuery, OverdueListQuery, UpdateMemberDto } from './dto';
import { OVERDUE_LIST_ZH, overdueWorkbook } from './overdue-export';
import { OverdueService } from './overdue.service';
import { MemberExportService } from './member-export.service';
import { MemberImportService } from './member-import.service';
import { MembersService } from './members.service';
import { MemberRecordsService } from './member-records.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly records: MemberRecordsService,
    private readonly importer: MemberImportService,
    private readonly exporter: MemberExportService,
    private readonly overdueLists: OverdueService,
  ) {}

  @Get()
  @ApiOperation({ summary: '本范围内的团员（身份证号、手机号脱敏）' })
  list(@Query() q: MemberListQuery) {
    return this.members.list(q);
  }

  @Get('export')
  @RequiresSecondFactor()
  @ApiOperation({ summary: '导出团员名单（.xlsx，筛选条件同列表，身份证号、手机号脱敏）' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ description: 'An .xlsx workbook', schema: { type: 'string', format: 'binary' } })
  async export(@Query() q: MemberListQuery, @Res() res: Response): Promise<void> {
    // Streamed as the rows are read (issue 21 finding 6); errors before the first byte answer as usual.
    await this.exporter.stream(q, res);
  }

  @Post('import')
  @ApiOperation({
    summary:
      '批量导入团员到一个团支部：逐行校验报告；dryRun 只校验；写入时全部成功或全部不写（有错行 → 422 MEMBER_IMPORT_INVALID，details.report）',
  })
  @ApiOkResponse({ description: 'Dry run: the per-row report {ok, total, errors, created: 0, dryRun: true}' })
  async import(@Body() dto: MemberImportDto, @Res({ passthrough: true }) res: Response): Promise<ImportReport> {
    const report = await this.importer.import(dto);
    res.status(report.dryRun ? 200 : 201);
    return report;
  }

  @Get('overdue')
  @ApiOperation({
    summary:
      '超期名单（DOMAIN.md §3、§5）：在校保留超 6 个月、县级流动团员超 1 年、乡镇流动团员（1 个月跟进、1 年超期）、审核通过 30 天未报到、出国（境）团员 1 年未报告；每行含到期日',
  })
  overdue(@Query() q: OverdueListQuery) {
    return this.overdueLists.list(q);
  }

  @Get('overdue/export')
  @RequiresSecondFactor()
  @ApiOperation({ summary: '导出超期名单（.xlsx，身份证号脱敏）' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ description: 'An .xlsx workbook', schema: { type: 'string', format: 'binary' } })
  async overdueExport(@Query() q: OverdueListQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return xlsxDownload(
      res,
      await overdueWorkbook(q.list, await this.overdueLists.all(q.list, q.orgId)),
      `overdue-${q.list}.xlsx`,
      `超期名单-${OVERDUE_LIST_ZH[q.list]}.xlsx`,
    );
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.members.get(id);
  }

  @Post()
  create(@Body() dto: CreateMemberDto) {
    return this.records.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: '编辑团员信息；orgId 不可修改（只能通过转接）' })
  update(@Param('id') id: string, @Body() dto: UpdateMemberDto) {
    return this.records.update(id, dto);
  }

  @Post(':id/leave')
  @ApiOperation({ summary: '离团（不物理删除）' })
  leave(@Param('id') id: string, @Body() dto: LeaveDto) {
    return this.records.leave(id, dto.reason);
  }
}

@Module({
  controllers: [MembersController],
  providers: [MembersService, MemberRecordsService, MemberImportService, MemberExportService, OverdueService],
  exports: [MembersService, OverdueService],
})
export class MembersModule {}
