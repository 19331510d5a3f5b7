import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { DESTINATIONS, MEMBER_MARKS } from '@zhtj/domain';
import type { Destination, MemberMark } from '@zhtj/domain';
import { GRADUATION_IMPORT_MAX_ROWS } from '@zhtj/shared/contract';
import type {
  BranchGraduationRequest,
  BulkDestinationRequest,
  BulkGraduationRequest,
  GraduationImportRequest,
  GraduationImportRow,
  MemberGraduationRequest,
} from '@zhtj/shared/contract';
import { DryRun, ImportRows, IsCalendarDate, IsIdList } from '@zhtj/api/core';

export class BranchGraduationDto implements BranchGraduationRequest {
  @ApiProperty({ nullable: true, description: 'YYYY-MM-DD; null clears the mark' })
  @ValidateIf((o: BranchGraduationDto) => o.graduationDate !== null)
  @IsCalendarDate('graduationDate')
  graduationDate!: string | null;

  @ApiPropertyOptional({ description: 'Q11: mark a mixed branch (members dated one by one)' })
  @IsOptional()
  @IsBoolean()
  mixed?: boolean;
}

export class BulkGraduationDto extends BranchGraduationDto implements BulkGraduationRequest {
  @ApiProperty({ type: [String], description: 'Branches to mark in one action (all or nothing)' })
  @IsIdList(1000)
  orgIds!: string[];
}

export class MemberGraduationDto implements MemberGraduationRequest {
  @ApiPropertyOptional({ nullable: true, description: 'Per-member date in a mixed branch (Q11)' })
  @IsOptional()
  @ValidateIf((o: MemberGraduationDto) => o.graduationDate !== null)
  @IsCalendarDate('graduationDate')
  graduationDate?: string | null;

  @ApiPropertyOptional({ enum: DESTINATIONS, nullable: true, description: '毕业去向' })
  @IsOptional()
  @ValidateIf((o: MemberGraduationDto) => o.destination !== null)
  @IsIn(DESTINATIONS)
  destination?: Destination | null;

  @ApiPropertyOptional({
    enum: MEMBER_MARKS,
    nullable: true,
    description: 'delayed 延迟毕业 · teacher 教师 · graduate_mobile 毕业学生流动团员',
  })
  @IsOptional()
  @ValidateIf((o: MemberGraduationDto) => o.mark !== null)
  @IsIn(MEMBER_MARKS)
  mark?: MemberMark | null;
}

/** The most graduates one 设置毕业去向 decides: a school year's class list, several pages of it. */
export const BULK_DESTINATION_MAX = 500;

export class BulkDestinationDto implements BulkDestinationRequest {
  @ApiProperty({
    type: [String],
    description: `Graduates to set (1–${BULK_DESTINATION_MAX}); each decided as its own PUT /members/:id/graduation would be`,
  })
  @IsIdList(BULK_DESTINATION_MAX)
  memberIds!: string[];

  @ApiProperty({ enum: DESTINATIONS, nullable: true, description: '毕业去向; null clears it' })
  @ValidateIf((o: BulkDestinationDto) => o.destination !== null)
  @IsIn(DESTINATIONS)
  destination!: Destination | null;
}

/**
 * One row of the graduation update import. Fields are only type-checked here (strings); their
 * content is checked row by row by `checkGraduationRows`, so a bad cell yields a report line, not a 400.
 */
export class GraduationImportRowDto implements Partial<GraduationImportRow> {
  @ApiPropertyOptional({ description: '身份证号 of a registered member (required; reported per row when empty)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  idCardNumber?: string;

  @ApiPropertyOptional({ description: '姓名: when given, must match the registered name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: '毕业时间 YYYY-MM-DD: a member’s own date, only in a mixed branch (Q11)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  graduationDate?: string;

  @ApiPropertyOptional({ description: '毕业去向: a code of DOMAIN.md §3 or its Chinese label (就业, 升学, …)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  destination?: string;
}

export class GraduationImportDto implements Omit<GraduationImportRequest, 'rows'> {
  @ImportRows(GraduationImportRowDto, GRADUATION_IMPORT_MAX_ROWS)
  rows!: GraduationImportRowDto[];

  @DryRun()
  dryRun?: boolean;
}
