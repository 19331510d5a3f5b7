import { Controller, Get, Module, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { AppError, IsRegionCode, PageQuery, RequiresSecondFactor, XLSX_MIME, stacked, xlsxDownload } from '@zhtj/api/core';
import type { Indicator } from '@zhtj/shared/contract';
import { graduatesWorkbook, rankingWorkbook, regionWorkbook } from './metrics-export';
import { MetricsService } from './metrics.service';
import { MembershipEndsJob, MembershipEndsJobController } from './membership-ends.job';

/** A query's cohort year, the current one when omitted. */
const CohortYear = (): PropertyDecorator =>
  stacked(
    ApiPropertyOptional({ description: 'Cohort year; defaults to the current year' }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(2000),
    Max(2100),
  );

/** A query's region, the caller's when omitted. */
const QueryRegion = (description: string): PropertyDecorator =>
  stacked(ApiPropertyOptional({ description }), IsOptional(), IsRegionCode('region'));

class MetricsQuery {
  @CohortYear()
  year?: number;

  @QueryRegion('GB/T 2260 code; 000000 is the whole country; defaults to the caller’s region')
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

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

class GraduatesQuery extends PageQuery {
  @CohortYear()
  year?: number;

  @QueryRegion('GB/T 2260 code; defaults to the caller’s region')
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

/** The graduates export: the list's filters, every page. */
class GraduatesExportQuery extends OmitType(GraduatesQuery, ['page', 'pageSize'] as const) {}

/** Rows read a time for the graduates export, and the most it writes (as the member export). */
const GRADUATES_EXPORT_PAGE = 1000;
const GRADUATES_EXPORT_MAX_ROWS = 50_000;

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  private async args(q: MetricsQuery): Promise<{ region: string; year: number }> {
    return { region: q.region ?? (await this.metrics.defaultRegion()), year: q.year ?? this.metrics.defaultYear() };
  }

  private async indicator(indicator: Indicator, q: MetricsQuery) {
    const { region, year } = await this.args(q);
    return this.metrics.indicator(indicator, region, year);
  }

  @Get('sx')
  @ApiOperation({ summary: 'SX 升学衔接率 = A / (B + C)，含下级区划（§6）' })
  sx(@Query() q: MetricsQuery) {
    return this.indicator('sx', q);
  }

  @Get('xs')
  @ApiOperation({ summary: 'XS 学社衔接率 = D / (E + F)，含下级区划（§6）' })
  xs(@Query() q: MetricsQuery) {
    return this.indicator('xs', q);
  }

  @Get('dw')
  @ApiOperation({ summary: 'DW 单位团组织转接率 = W / (E + F)，含下级区划（§6）' })
  dw(@Query() q: MetricsQuery) {
    return this.indicator('dw', q);
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
      {
        indicator: q.indicator,
        region: q.region,
        year: q.year ?? this.metrics.defaultYear(),
        orgId: q.orgId,
        completed: q.completed,
        part: q.part,
      },
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
    if (!sx || !xs || !dw) throw new Error('metrics export: missing indicator');
    return xlsxDownload(
      res,
      await regionWorkbook(year, sx, xs, dw),
      `metrics-${region}-${year}.xlsx`,
      `${sx.regionName}${year}年衔接率.xlsx`,
    );
  }

  @Get('ranking/export')
  @RequiresSecondFactor()
  @ApiProduces(XLSX_MIME)
  @ApiOperation({ summary: '导出滞后的学校或县（区）（.xlsx）：完成率为百分比，旁列分子、分母' })
  async rankingExport(@Query() q: RankingQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { region, year } = await this.args(q);
    const ranking = await this.metrics.ranking(q.indicator, region, year, q.by, q.limit);
    return xlsxDownload(
      res,
      await rankingWorkbook(ranking),
      `ranking-${q.indicator}-${region}-${year}.xlsx`,
      `${year}年${q.indicator.toUpperCase()}滞后${q.by === 'school' ? '学校' : '县区'}.xlsx`,
    );
  }

  @Get('graduates/export')
  @RequiresSecondFactor()
  @ApiProduces(XLSX_MIME)
  @ApiOperation({ summary: '导出数字背后的毕业生（.xlsx，身份证号脱敏，筛选条件同列表）；汇总页为本名单口径的完成率及分子、分母' })
  async graduatesExport(@Query() q: GraduatesExportQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const year = q.year ?? this.metrics.defaultYear();
    const filter = { indicator: q.indicator, region: q.region, year, orgId: q.orgId, completed: q.completed, part: q.part };
    const first = await this.metrics.graduates(filter, 1, GRADUATES_EXPORT_PAGE);
    if (first.total > GRADUATES_EXPORT_MAX_ROWS)
      throw new AppError('EXPORT_TOO_LARGE', { details: { total: first.total, max: GRADUATES_EXPORT_MAX_ROWS } });
    const rows = [...first.items];
    for (let page = 2; rows.length < first.total; page++) {
      const next = await this.metrics.graduates(filter, page, GRADUATES_EXPORT_PAGE);
      if (next.items.length === 0) break;
      rows.push(...next.items);
    }
    // The list's population, done or not: what part of it is done (for DW: to a work unit).
    const all = q.completed === undefined ? first.total : (await this.metrics.graduates({ ...filter, completed: undefined }, 1, 1)).total;
    const done = q.completed === true ? first.total : (await this.metrics.graduates({ ...filter, completed: true }, 1, 1)).total;
    const title = q.completed === false ? '尚未完成转接的毕业生' : q.completed === true ? '已完成转接的毕业生' : '全部毕业生';
    const buffer = await graduatesWorkbook(q.indicator, year, title, rows, {
      value: all === 0 ? null : done / all,
      numerator: done,
      denominator: all,
    });
    return xlsxDownload(res, buffer, `graduates-${q.indicator}-${year}.xlsx`, `${year}年${title}-${q.indicator.toUpperCase()}.xlsx`);
  }
}

@Module({ controllers: [MetricsController, MembershipEndsJobController], providers: [MetricsService, MembershipEndsJob] })
export class MetricsModule {}
