import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class PageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 1_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // Bounded so `(page - 1) * pageSize` stays a valid OFFSET (no `bigint out of range`).
  @Max(1_000_000)
  page = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize = 20;
}

/** The list shape lives in the shared contract (API.md: `{ items, total }`). */
export type { Page } from '@zhtj/shared/contract';
