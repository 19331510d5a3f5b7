import { Controller, Get, Module, Param, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsRegionCode, Public, notFound } from '@zhtj/api/core';
import { ScopedDb } from '@zhtj/api/db';
import type { Page, RegionView } from '@zhtj/shared/contract';
import { RegionEntity } from './region.entity';

class RegionQuery {
  @ApiPropertyOptional({ description: 'Parent region code; omitted or 000000 lists the provinces' })
  @IsOptional()
  @IsRegionCode('parent')
  parent?: string;
}

const view = (r: RegionEntity): RegionView => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode });

/** GB/T 2260 regions (public reference data). */
@ApiTags('regions')
@Public()
@Controller('regions')
export class RegionsController {
  constructor(private readonly db: ScopedDb) {}

  @Get()
  async children(@Query() q: RegionQuery): Promise<Page<RegionView>> {
    const rows = await this.db
      .unscoped('reference.regions')
      .find(RegionEntity, { where: { parentCode: q.parent ?? '000000' }, order: { code: 'ASC' } });
    return { items: rows.map(view), total: rows.length };
  }

  @Get(':code')
  async one(@Param('code') code: string): Promise<RegionView> {
    if (!/^\d{6}$/.test(code)) throw notFound();
    const r = await this.db.unscoped('reference.regions').findOneBy(RegionEntity, { code });
    if (!r) throw notFound();
    return view(r);
  }
}

@Module({ controllers: [RegionsController] })
export class RegionsModule {}
