import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { DESTINATIONS, OVERDUE_LISTS } from '@zhtj/domain';
import type { Destination, Gender, OverdueList } from '@zhtj/domain';
import { DryRun, ImportRows, IsCalendarDate, IsPhoneText, PageQuery, TrimmedLength, stacked } from '@zhtj/api/core';
import { MEMBER_IMPORT_MAX_ROWS } from '@zhtj/shared/contract';
import type { CreateMemberRequest, MemberImportRequest, MemberListRequest, UpdateMemberRequest } from '@zhtj/shared/contract';

const GENDERS: Gender[] = ['male', 'female'];

/**
 * A member's optional fields, checked alike wherever a member is recorded (created, corrected,
 * arrived from another system); each DTO documents them its own way (`doc`).
 */
export const MemberField = {
  gender: (doc: ApiPropertyOptions = {}) => stacked(ApiPropertyOptional({ enum: GENDERS, ...doc }), IsOptional(), IsIn(GENDERS)),
  birthDate: (doc: ApiPropertyOptions = {}) => stacked(ApiPropertyOptional(doc), IsOptional(), IsCalendarDate('birthDate')),
  phone: (doc: ApiPropertyOptions = {}) => stacked(ApiPropertyOptional(doc), IsOptional(), IsPhoneText('phone')),
  joinDate: (doc: ApiPropertyOptions = {}) => stacked(ApiPropertyOptional(doc), IsOptional(), IsCalendarDate('joinDate')),
  partyMember: () => stacked(ApiPropertyOptional(), IsOptional(), IsBoolean()),
  emergencyContact: (doc: ApiPropertyOptions = {}) => stacked(ApiPropertyOptional(doc), IsOptional(), TrimmedLength(0, 100)),
  educationStage: () => stacked(ApiPropertyOptional(), IsOptional(), IsString(), Length(0, 50)),
  leaguePost: () =>
    stacked(
      ApiPropertyOptional({ description: '团内职务 (Q1): a member holding a League post keeps membership at 28 and over; empty for none' }),
      IsOptional(),
      TrimmedLength(0, 50),
    ),
};

export class CreateMemberDto implements CreateMemberRequest {
  @ApiProperty({ description: 'A branch or special-purpose org' })
  @IsUUID()
  orgId!: string;

  @ApiProperty()
  @TrimmedLength(1, 50)
  name!: string;

  @ApiProperty({ description: '18-character ID number (GB 11643)' })
  @TrimmedLength(1, 32)
  idCardNumber!: string;

  @MemberField.gender({ description: 'Derived from the ID number when omitted' })
  gender?: Gender;

  @MemberField.birthDate({ description: 'YYYY-MM-DD; must match the ID number' })
  birthDate?: string;

  @MemberField.phone()
  phone?: string;

  @MemberField.joinDate({ description: '入团时间 YYYY-MM-DD' })
  joinDate?: string;

  @MemberField.partyMember()
  partyMember?: boolean;

  @MemberField.emergencyContact({ description: '紧急联系人（姓名、电话）' })
  emergencyContact?: string;

  @MemberField.educationStage()
  educationStage?: string;

  @MemberField.leaguePost()
  leaguePost?: string;
}

export class UpdateMemberDto implements UpdateMemberRequest {
  /** Present only to refuse it with MEMBER_ORG_NOT_PATCHABLE (Q18). */
  @ApiPropertyOptional({ description: 'Not patchable: members change org only by transfer (Q18)' })
  @IsOptional()
  orgId?: unknown;

  @ApiPropertyOptional()
  @IsOptional()
  @TrimmedLength(1, 50)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @TrimmedLength(1, 32)
  idCardNumber?: string;

  @MemberField.gender()
  gender?: Gender;

  @MemberField.birthDate()
  birthDate?: string;

  @MemberField.phone({ nullable: true })
  phone?: string;

  @MemberField.joinDate()
  joinDate?: string;

  @MemberField.partyMember()
  partyMember?: boolean;

  @MemberField.emergencyContact()
  emergencyContact?: string;

  @MemberField.educationStage()
  educationStage?: string;

  @MemberField.leaguePost()
  leaguePost?: string;
}

export class LeaveDto {
  @ApiProperty({ description: '离团原因' })
  @TrimmedLength(1, 200)
  reason!: string;
}

export class MemberListQuery extends PageQuery implements MemberListRequest {
  @ApiPropertyOptional({
    description: 'Keyset paging: the nextCursor of the previous page (replaces page; every page costs what the first does)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 400)
  after?: string;

  @ApiPropertyOptional({ description: 'Members of this org and its sub-orgs' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiPropertyOptional({ description: 'Name contains, or the ID number (whole or its last 4+ characters)' })
  @IsOptional()
  @TrimmedLength(1, 50)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1950)
  @Max(2100)
  graduationYear?: number;

  @ApiPropertyOptional({ enum: DESTINATIONS })
  @IsOptional()
  @IsIn(DESTINATIONS)
  destination?: Destination;

  @ApiPropertyOptional({ enum: ['active', 'left', 'all'], default: 'active' })
  @IsOptional()
  @IsIn(['active', 'left', 'all'])
  status: 'active' | 'left' | 'all' = 'active';

  @ApiPropertyOptional({
    description:
      'Aged 28 or more without a League post (Q1), or unemployed and retained at school past 6 months (§2.4) — the domain’s isMemberOverdue; the lists of §3/§5 are GET /api/members/overdue',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

/**
 * One import row. Fields are only type-checked here (strings, a boolean); their content is
 * checked row by row by `checkImportRows`, so a bad cell yields a report line, not a 400.
 */
export class MemberImportRowDto {
  @ApiPropertyOptional({ description: '姓名 (required; reported per row when empty)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: '身份证号 (required; GB 11643 checksum)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  idCardNumber?: string;

  @ApiPropertyOptional({ description: 'male | female | 男 | 女; derived from the ID number when empty' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  gender?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone?: string;

  @ApiPropertyOptional({ description: '入团时间 YYYY-MM-DD' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  joinDate?: string;

  @ApiPropertyOptional({ description: 'true/false, or 是/否 as typed in the sheet', oneOf: [{ type: 'boolean' }, { type: 'string' }] })
  @IsOptional()
  @ValidateIf((_o, v) => typeof v !== 'boolean')
  @IsString()
  @MaxLength(16)
  partyMember?: boolean | string;

  @ApiPropertyOptional({ description: '紧急联系人（姓名、电话）' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  emergencyContact?: string;

  @ApiPropertyOptional({ description: '毕业时间 YYYY-MM-DD (a mixed branch: the member’s own; elsewhere the branch’s)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  graduationDate?: string;

  @ApiPropertyOptional({ description: '毕业去向: a destination code or its Chinese label (就业, 升学, …)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  destination?: string;
}

export class MemberImportDto implements Omit<MemberImportRequest, 'rows'> {
  @ApiProperty({ description: 'The branch (or special-purpose org) every row joins' })
  @IsUUID()
  orgId!: string;

  @ImportRows(MemberImportRowDto, MEMBER_IMPORT_MAX_ROWS)
  rows!: MemberImportRowDto[];

  @DryRun()
  dryRun?: boolean;
}

export class OverdueListQuery extends PageQuery {
  @ApiProperty({ enum: OVERDUE_LISTS, description: 'DOMAIN.md §3, §5: which list' })
  @IsIn(OVERDUE_LISTS)
  list!: OverdueList;

  @ApiPropertyOptional({ description: 'Members of this org and its sub-orgs (in scope)' })
  @IsOptional()
  @IsUUID()
  orgId?: string;
}
