import { Controller, Get, Module, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { PageQuery, RequiresSecondFactor, XLSX_MIME, xlsxDownload } from '@zhtj/api/core';
import type { Indicator } from '@zhtj/shared/contract';
import { MetricsService } from './metrics.service';
import { MembershipEndsJob, MembershipEndsJobController } from './membership-ends.job';

class MetricsQuery {
  @ApiPropertyOptional({ description: 'Cohort year; defaults to the current year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: 'GB/T 2260 code; 000000 is the whole country; defaults to the caller’s region' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'region 须为 6 位行政区划代码' })
  region?: string;
}

const INDICATORS: Indicator[] = ['sx', 'xs', 'dw'];

class TrendQuery extends MetricsQuery {
  @ApiPropertyOptional({ enum: INDICATORS, default: 'sx' })
  @IsOptional()
  @IsIn(INDICATORS)
  indicator: Indicator = 'sx';
}

class RankingQuery extends TrendQuery {
  @ApiPropertyOptional({ enum: ['school', 'county'], default: 'school' })
  @IsOptional()
  @IsIn(['school', 'county'])
  by: 'school' | 'county' = 'school';

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 20;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

class GraduatesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Cohort year; defaults to the current year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: 'GB/T 2260 code; defaults to the caller’s region' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'region 须为 6 位行政区划代码' })
  region?: string;

  @ApiPropertyOptional({ description: 'A school (or an org above schools): only its graduates' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiPropertyOptional({ enum: INDICATORS, default: 'xs' })
  @IsOptional()
  @IsIn(INDICATORS)
  indicator: Indicator = 'xs';

  @ApiPropertyOptional({ description: 'true: completed only; false: not completed yet (for DW: not to a work unit)' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  completed?: boolean;

  @ApiPropertyOptional({ enum: ['local', 'incoming'], description: 'local: B/E (school in R); incoming: C/F' })
  @IsOptional()
  @IsIn(['local', 'incoming'])
  part?: 'local' | 'incoming';
}

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  private async args(q: MetricsQuery): Promise<{ region: string; year: number }> {
    return { region: q.region ?? (await this.metrics.defaultRegion()), year: q.year ?? this.metrics.defaultYear() };
  }

  @Get('sx')
  @ApiOperation({ summary: 'SX 升学衔接率 = A / (B + C)，含下级区划（§6）' })
  async sx(@Query() q: MetricsQuery) {
    const { region, year } = await this.args(q);
    return this.metrics.indicator('sx', region, year);
  }

  @Get('xs')
  @ApiOperation({ summary: 'XS 学社衔接率 = D / (E + F)，含下级区划（§6）' })
  async xs(@Query() q: MetricsQuery) {
    const { region, year } = await this.args(q);
    return this.metrics.indicator('xs', region, year);
  }

  @Get('dw')
  @ApiOperation({ summary: 'DW 单位团组织转接率 = W / (E + F)，含下级区划（§6）' })
  async dw(@Query() q: MetricsQuery) {
    const { region, year } = await this.args(q);
    return this.metrics.indicator('dw', region, year);
  }

  @Get('ranking')
  @ApiOperation({ summary: '滞后的学校或县（区）：完成率最低者在前，含分子、分母、待审核数' })
  async ranking(@Query() q: RankingQuery) {
    const { region, year } = await this.args(q);
    return this.metrics.ranking(q.indicator, region, year, q.by, q.limit);
  }

  @Get('graduates')
  @ApiOperation({ summary: '数字背后的毕业生（分页、脱敏），如本校尚未完成转接的毕业生' })
  async graduates(@Query() q: GraduatesQuery) {
    return this.metrics.graduates(
      { indicator: q.indicator, region: q.region, year: q.year ?? this.metrics.defaultYear(), orgId: q.orgId, completed: q.completed, part: q.part },
      q.page,
      q.pageSize,
    );
  }

  @Get('trend')
  @ApiOperation({ summary: '逐日变化（自 5 月 1 日起；完成按审批日、转入按发起日累计）' })
  async trend(@Query() q: TrendQuery) {
    const { region, year } = await this.args(q);
    return this.metrics.trend(q.indicator, region, year);
  }

  @Get('export')
  @RequiresSecondFactor()
  @ApiProduces(XLSX_MIME)
  @ApiOperation({ summary: '导出本区划及下级区划的 SX、XS、DW（.xlsx）' })
  async export(@Query() q: MetricsQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { region, year } = await this.args(q);
    const [sx, xs, dw] = await this.metrics.exportRows(region, year);
    // Under the API's CommonJS bundle a dynamic import yields { default: module }; under ESM the named export.
    const mod = (await import('exceljs')) as unknown as { Workbook?: typeof import('exceljs').Workbook; default?: { Workbook: typeof import('exceljs').Workbook } };
    const Workbook = mod.Workbook ?? mod.default?.Workbook;
    if (!Workbook) throw new Error('exceljs: Workbook not found');
    const wb = new Workbook();
    const ws = wb.addWorksheet(`${year} 衔接率`);
    // Each rate as a percentage with its numerator and denominator beside it (§6: "no data" is an
    // empty denominator — an empty cell, named in 说明, never a text in a number column).
    ws.columns = [
      { header: '行政区划代码', key: 'code', width: 12 },
      { header: '行政区划', key: 'name', width: 20 },
      { header: 'SX 升学衔接率', key: 'sx', width: 14 },
      { header: 'SX 分子（A）', key: 'a', width: 11 },
      { header: 'SX 分母（B+C）', key: 'sxDen', width: 13 },
      { header: 'B', key: 'b', width: 8 },
      { header: 'C', key: 'c', width: 8 },
      { header: 'XS 学社衔接率', key: 'xs', width: 14 },
      { header: 'XS 分子（D）', key: 'd', width: 11 },
      { header: 'XS 分母（E+F）', key: 'xsDen', width: 13 },
      { header: 'E', key: 'e', width: 8 },
      { header: 'F', key: 'f', width: 8 },
      { header: 'DW 单位团组织转接率', key: 'dw', width: 18 },
      { header: 'DW 分子（W）', key: 'w', width: 11 },
      { header: '说明', key: 'note', width: 22 },
    ];
    if (!sx || !xs || !dw) throw new Error('metrics export: missing indicator');
    const rows = [{ s: sx, x: xs, u: dw as Omit<typeof dw, 'children'> }, ...sx.children.map((s, i) => ({ s, x: xs.children[i] ?? xs, u: dw.children[i] ?? dw }))];
    for (const { s, x, u } of rows) {
      const sp = s.parts as { A: number; B: number; C: number };
      const xp = x.parts as { D: number; E: number; F: number };
      const up = u.parts as { W: number };
      const noData = [s.value === null ? 'SX' : null, x.value === null ? 'XS' : null, u.value === null ? 'DW' : null].filter((v) => v !== null);
      ws.addRow({
        code: s.region,
        name: s.regionName,
        sx: s.value,
        a: sp.A,
        sxDen: sp.B + sp.C,
        b: sp.B,
        c: sp.C,
        xs: x.value,
        d: xp.D,
        xsDen: xp.E + xp.F,
        e: xp.E,
        f: xp.F,
        dw: u.value,
        w: up.W,
        note: noData.length ? `${noData.map((n) => `${n} 无数据`).join('；')}（分母为 0）` : '',
      });
    }
    for (const key of ['sx', 'xs', 'dw']) ws.getColumn(key).numFmt = '0.0%';
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];
    return xlsxDownload(res, Buffer.from(await wb.xlsx.writeBuffer()), `metrics-${region}-${year}.xlsx`, `${sx.regionName}${year}年衔接率.xlsx`);
  }
}

@Module({ controllers: [MetricsController, MembershipEndsJobController], providers: [MetricsService, MembershipEndsJob] })
export class MetricsModule {}
