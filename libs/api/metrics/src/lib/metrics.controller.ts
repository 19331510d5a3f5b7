import { Controller, Get, Module, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { toShanghaiDate } from '@zhtj/domain';
import { Clock, XLSX_MIME, xlsxDownload } from '@zhtj/api/core';
import type { Indicator } from '@zhtj/shared/contract';
import { MetricsService } from './metrics.service';

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

class TrendQuery extends MetricsQuery {
  @ApiPropertyOptional({ enum: ['sx', 'xs'], default: 'sx' })
  @IsOptional()
  @IsIn(['sx', 'xs'])
  indicator: Indicator = 'sx';
}

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {}

  private async args(q: MetricsQuery): Promise<{ region: string; year: number }> {
    const year = q.year ?? Number((toShanghaiDate(this.clock.now()) as string).slice(0, 4));
    return { region: q.region ?? (await this.metrics.defaultRegion()), year };
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

  @Get('trend')
  @ApiOperation({ summary: '逐日变化（自 5 月 1 日起）' })
  async trend(@Query() q: TrendQuery) {
    const { region, year } = await this.args(q);
    return this.metrics.trend(q.indicator, region, year);
  }

  @Get('export')
  @ApiProduces(XLSX_MIME)
  @ApiOperation({ summary: '导出本区划及下级区划的 SX、XS（.xlsx）' })
  async export(@Query() q: MetricsQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { region, year } = await this.args(q);
    const [sx, xs] = [await this.metrics.indicator('sx', region, year), await this.metrics.indicator('xs', region, year)];
    const { Workbook } = await import('exceljs');
    const wb = new Workbook();
    const ws = wb.addWorksheet(`${year} 衔接率`);
    ws.columns = [
      { header: '行政区划代码', key: 'code', width: 12 },
      { header: '行政区划', key: 'name', width: 20 },
      { header: 'SX 升学衔接率', key: 'sx', width: 14 },
      { header: 'A', key: 'a', width: 8 },
      { header: 'B', key: 'b', width: 8 },
      { header: 'C', key: 'c', width: 8 },
      { header: 'XS 学社衔接率', key: 'xs', width: 14 },
      { header: 'D', key: 'd', width: 8 },
      { header: 'E', key: 'e', width: 8 },
      { header: 'F', key: 'f', width: 8 },
    ];
    const rows = [{ s: sx, x: xs }, ...sx.children.map((s, i) => ({ s, x: xs.children[i] ?? xs }))];
    for (const { s, x } of rows) {
      const sp = s.parts as { A: number; B: number; C: number };
      const xp = x.parts as { D: number; E: number; F: number };
      ws.addRow({
        code: s.region,
        name: s.regionName,
        sx: s.value === null ? '无数据' : s.value,
        a: sp.A,
        b: sp.B,
        c: sp.C,
        xs: x.value === null ? '无数据' : x.value,
        d: xp.D,
        e: xp.E,
        f: xp.F,
      });
    }
    ws.getColumn('sx').numFmt = '0.00%';
    ws.getColumn('xs').numFmt = '0.00%';
    ws.getRow(1).font = { bold: true };
    return xlsxDownload(res, Buffer.from(await wb.xlsx.writeBuffer()), `metrics-${region}-${year}.xlsx`, `${sx.regionName}${year}年衔接率.xlsx`);
  }
}

@Module({ controllers: [MetricsController], providers: [MetricsService] })
export class MetricsModule {}
