import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { INDUSTRIES, ORG_KINDS, ORG_LEVELS, ORG_PURPOSES } from '@zhtj/domain';
import type { Industry, OrgKind, OrgLevel, OrgPurpose } from '@zhtj/domain';
import { IsRegionCode, PageQuery, TrimmedLength } from '@zhtj/api/core';
import type { CreateOrgRequest, OrgListFilter, UpdateOrgRequest } from '@zhtj/shared/contract';

export class CreateOrgDto implements CreateOrgRequest {
  @ApiProperty()
  @IsUUID()
  parentId!: string;

  @ApiProperty({ maxLength: 100 })
  @TrimmedLength(1, 100)
  name!: string;

  @ApiProperty({ enum: ORG_KINDS })
  @IsIn(ORG_KINDS)
  kind!: OrgKind;

  @ApiProperty({ enum: ORG_LEVELS })
  @IsIn(ORG_LEVELS)
  level!: OrgLevel;

  @ApiPropertyOptional({ enum: INDUSTRIES, nullable: true, description: 'Defaults to the parent industry under a base-level org' })
  @IsOptional()
  @IsIn(INDUSTRIES)
  industry?: Industry | null;

  @ApiPropertyOptional({ description: 'GB/T 2260 code; defaults to the parent region' })
  @IsOptional()
  @IsRegionCode('regionCode')
  regionCode?: string;

  @ApiPropertyOptional({ enum: ORG_PURPOSES, nullable: true })
  @IsOptional()
  @IsIn(ORG_PURPOSES)
  purpose?: OrgPurpose | null;
}

export class UpdateOrgDto implements UpdateOrgRequest {
  @ApiPropertyOptional({ description: 'Moving the org: its whole subtree moves in one transaction' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @TrimmedLength(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: ORG_KINDS })
  @IsOptional()
  @IsIn(ORG_KINDS)
  kind?: OrgKind;

  @ApiPropertyOptional({ enum: INDUSTRIES, nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsIn(INDUSTRIES)
  industry?: Industry | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsRegionCode('regionCode')
  regionCode?: string;

  @ApiPropertyOptional({ enum: ORG_PURPOSES, nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsIn(ORG_PURPOSES)
  purpose?: OrgPurpose | null;
}

export class OrgListQuery extends PageQuery implements OrgListFilter {
  @ApiPropertyOptional({ description: 'Name contains' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'Orgs whose region lies within this GB/T 2260 code' })
  @IsOptional()
  @IsRegionCode('regionCode')
  regionCode?: string;

  @ApiPropertyOptional({ enum: ORG_PURPOSES })
  @IsOptional()
  @IsIn(ORG_PURPOSES)
  purpose?: OrgPurpose;

  @ApiPropertyOptional({ enum: ORG_KINDS })
  @IsOptional()
  @IsIn(ORG_KINDS)
  kind?: OrgKind;
}

export class ChildrenQuery extends PageQuery {
  @ApiPropertyOptional({ default: 200, maximum: 500 })
  override pageSize = 200;
}
