import { Body, Controller, Get, HttpCode, Module, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequiresSecondFactor } from '@zhtj/api/core';
import { maskIdCardNumber, maskPhone, maskPhonesInText } from '@zhtj/domain';
import type { GraduationImportReport, MemberDetail } from '@zhtj/shared/contract';
import { MembersModule, MembersService } from '@zhtj/api/members';
import { BranchGraduationDto, BulkDestinationDto, BulkGraduationDto, GraduationImportDto, MemberGraduationDto } from './dto';
import { GraduationImportService } from './graduation-import.service';
import { GraduationService } from './graduation.service';
import { GraduatesOrgJob, GraduatesOrgJobController } from './graduates-org.job';

@ApiTags('graduation')
@ApiBearerAuth()
@Controller()
export class GraduationController {
  constructor(
    private readonly graduation: GraduationService,
    private readonly members: MembersService,
    private readonly importer: GraduationImportService,
  ) {}

  @Put('orgs/graduation')
  @RequiresSecondFactor()
  @HttpCode(200)
  @ApiOperation({ summary: '批量标记毕业时间（全部成功或全部不变）' })
  markMany(@Body() dto: BulkGraduationDto) {
    return this.graduation.markBranches(dto);
  }

  @Put('orgs/:id/graduation')
  @HttpCode(200)
  @ApiOperation({ summary: '标记或修改团支部毕业时间；mixed 为混合型支部（Q11, Q22–Q25）' })
  mark(@Param('id') id: string, @Body() dto: BranchGraduationDto) {
    return this.graduation.markBranch(id, dto);
  }

  @Get('orgs/:id/graduation-overview')
  @ApiOperation({ summary: '毕业时间标记进度（已标记、混合型、未标记的团支部）' })
  overview(@Param('id') id: string) {
    return this.graduation.overview(id);
  }

  @Put('members/graduation')
  @RequiresSecondFactor()
  @HttpCode(200)
  @ApiOperation({ summary: '批量设置毕业去向：每名团员按单个设置的规则判断，逐个答复（已设置 / 未设置及原因）' })
  setDestinations(@Body() dto: BulkDestinationDto) {
    return this.graduation.setDestinations(dto);
  }

  @Post('members/graduation/import')
  @RequiresSecondFactor()
  @ApiOperation({
    summary:
      '毕业信息更新导入：按身份证号为本范围内已登记的团员设置毕业时间和/或毕业去向；逐行校验报告（范围外与未登记的身份证号同样报告）；dryRun 只校验；写入时全部成功或全部不写（有错行 → 422 GRADUATION_IMPORT_INVALID，details.report）',
  })
  @ApiOkResponse({ description: 'Dry run: the per-row report {ok, total, errors, changed, unchanged, dryRun: true}' })
  async importGraduation(@Body() dto: GraduationImportDto, @Res({ passthrough: true }) res: Response): Promise<GraduationImportReport> {
    const report = await this.importer.import(dto);
    res.status(report.dryRun ? 200 : 201);
    return report;
  }

  @Put('members/:id/graduation')
  @HttpCode(200)
  @ApiOperation({ summary: '混合型支部逐个标记毕业时间；毕业去向；延迟毕业 / 教师 / 毕业学生流动团员（返回的身份证号、电话已脱敏）' })
  async markMember(@Param('id') id: string, @Body() dto: MemberGraduationDto): Promise<MemberDetail> {
    await this.graduation.markMember(id, dto);
    // A mark is not a read of personal data (§2: masked by default), and 延迟毕业 may have moved the
    // member out of the caller's scope: the answer carries the ID number, phone and contact masked.
    const m = await this.members.getAfterOwnWriteUnscoped(id);
    return {
      ...m,
      idCardNumber: maskIdCardNumber(m.idCardNumber),
      phone: maskPhone(m.phone),
      emergencyContact: maskPhonesInText(m.emergencyContact),
    };
  }
}

@Module({
  imports: [MembersModule],
  controllers: [GraduationController, GraduatesOrgJobController],
  providers: [GraduationService, GraduationImportService, GraduatesOrgJob],
})
export class GraduationModule {}
