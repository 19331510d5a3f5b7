import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { TRANSFER_STATUSES, TRANSFER_TYPES } from '@zhtj/domain';
import type { TransferStatus, TransferType } from '@zhtj/domain';
import { PageQuery, trimString } from '@zhtj/api/core';


export class ExternalTargetDto {
  @ApiProperty({ description: 'Province of the separate system: 11 Beijing, 44 Guangdong, 35 Fujian (or XX0000)' })
  @Matches(/^\d{2}(\d{4})?$/, { message: 'provinceCode 须为省级行政区划代码' })
  provinceCode!: string;

  @ApiProperty({ description: 'Full name of the receiving org in that system (Q17)' })
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  orgFullName!: string;
}

export class AbroadRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @Length(1, 50)
  domesticContactName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: 'domesticContactPhone 格式不正确' })
  domesticContactPhone?: string;
}

export class CreateTransferDto {
  @ApiProperty()
  @IsUUID()
  memberId!: string;

  @ApiProperty({ enum: TRANSFER_TYPES })
  @IsIn(TRANSFER_TYPES)
  type!: TransferType;

  @ApiPropertyOptional({ description: 'Receiving org in this system' })
  @IsOptional()
  @IsUUID()
  toOrgId?: string;

  @ApiPropertyOptional({ type: ExternalTargetDto, description: 'Receiving org in Beijing, Guangdong or Fujian (Q17)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExternalTargetDto)
  external?: ExternalTargetDto;

  @ApiPropertyOptional({ type: AbroadRequestDto, description: '§2.5: required for abroad_study' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AbroadRequestDto)
  abroadRequest?: AbroadRequestDto;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class RejectDto {
  @ApiProperty({ description: 'Shown to the initiator (Q15, Q20)' })
  @IsString()
  @Length(0, 500)
  reason!: string;
}

export class TransferListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['incoming', 'outgoing', 'mine'], default: 'mine' })
  @IsOptional()
  @IsIn(['incoming', 'outgoing', 'mine'])
  box: 'incoming' | 'outgoing' | 'mine' = 'mine';

  @ApiPropertyOptional({ enum: TRANSFER_STATUSES })
  @IsOptional()
  @IsIn(TRANSFER_STATUSES)
  status?: TransferStatus;

  @ApiPropertyOptional({ enum: TRANSFER_TYPES })
  @IsOptional()
  @IsIn(TRANSFER_TYPES)
  type?: TransferType;
}

export class TransferTargetQuery {
  @ApiProperty({ description: 'Part of the receiving org’s name' })
  @Transform(trimString)
  @IsString()
  @Length(2, 50)
  q!: string;

  @ApiPropertyOptional({ enum: TRANSFER_TYPES, description: 'Only orgs of the purpose this type requires (e.g. new_students for further_study)' })
  @IsOptional()
  @IsIn(TRANSFER_TYPES)
  type?: TransferType;
}
