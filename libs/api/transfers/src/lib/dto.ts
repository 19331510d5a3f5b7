import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { EXTERNAL_OUTCOMES, TRANSFER_STATUSES, TRANSFER_TYPES } from '@zhtj/domain';
import type { ExternalOutcome, TransferStatus, TransferType } from '@zhtj/domain';
import { IsDateText, IsIdList, IsPhoneText, IsRegionCode, PageQuery, TrimmedLength } from '@zhtj/api/core';
import type { BatchApproveRequest } from '@zhtj/shared/contract';
import { MemberField } from '@zhtj/api/members';

export class ExternalTargetDto {
  @ApiProperty({ description: 'Province of the separate system: 11 Beijing, 44 Guangdong, 35 Fujian (or XX0000)' })
  @Matches(/^\d{2}(\d{4})?$/, { message: 'provinceCode 须为省级行政区划代码' })
  provinceCode!: string;

  @ApiProperty({ description: 'Full name of the receiving org in that system (Q17)' })
  @TrimmedLength(1, 200)
  orgFullName!: string;
}

export class AbroadRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @TrimmedLength(1, 50)
  domesticContactName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsPhoneText('domesticContactPhone')
  domesticContactPhone?: string;
}

/** §5: how a receiving side that does not see the member names it — both must match. */
export class TransferMemberRefDto {
  @ApiProperty({ description: '18-character ID number' })
  @TrimmedLength(1, 32)
  idCardNumber!: string;

  @ApiProperty({ description: 'Full name, as registered' })
  @TrimmedLength(1, 50)
  name!: string;
}

export class CreateTransferDto {
  @ApiPropertyOptional({ description: 'The member by id (the member, or an admin who sees the member); otherwise `member`' })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({
    type: TransferMemberRefDto,
    description: '§5: a receiving-side admin names the member by ID number and full name',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TransferMemberRefDto)
  member?: TransferMemberRefDto;

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
  @TrimmedLength(0, 500)
  note?: string;
}

export class ApproveDto {
  @ApiPropertyOptional({
    description: '§5 分配到团支部: a branch under the receiving committee; required when the transfer targets a committee',
  })
  @IsOptional()
  @IsUUID()
  branchId?: string;
}

/** 发起转接 for many members at once (a class): one type and destination, each initiated as alone (§5, Q21). */
export class BulkInitiateDto extends PickType(CreateTransferDto, ['type', 'toOrgId', 'external', 'note'] as const) {
  @ApiProperty({
    type: [String],
    description: 'Members by id (1–100, distinct); each initiated as its own POST /api/transfers {memberId} would be',
  })
  @IsIdList(100, { unique: true })
  memberIds!: string[];
}

/** 催办 for many pending transfers (1–100), each as its own reminder would be. */
export class BulkRemindDto {
  @ApiProperty({ type: [String] })
  @IsIdList(100, { unique: true })
  ids!: string[];
}

/** The most transfers one batch approval decides: a page of the incoming box (at most 100 rows). */
export const BATCH_APPROVE_MAX = 100;

export class BatchApproveDto implements BatchApproveRequest {
  @ApiProperty({
    type: [String],
    description: `Transfers to approve in one action (1–${BATCH_APPROVE_MAX}, distinct); each decided as its own approval would be`,
  })
  @IsIdList(BATCH_APPROVE_MAX, { unique: true })
  ids!: string[];
}

export class RejectDto {
  @ApiProperty({ description: 'Shown to the initiator (Q15, Q20)' })
  @IsString()
  @Length(0, 500)
  reason!: string;
}

export class TransferListQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['incoming', 'outgoing', 'mine', 'decide', 'returned'],
    default: 'mine',
    description:
      'incoming: to the caller’s subtree; outgoing: from it; mine: initiated by the caller (a member: their own); decide: pending ones the caller’s side decides and the caller did not initiate (§5 two-party consent: sent to its subtree, or pulled from it); returned: the caller’s own requests returned (rejected or expired) and neither sent again nor closed',
  })
  @IsOptional()
  @IsIn(['incoming', 'outgoing', 'mine', 'decide', 'returned'])
  box: 'incoming' | 'outgoing' | 'mine' | 'decide' | 'returned' = 'mine';

  @ApiPropertyOptional({ enum: TRANSFER_STATUSES })
  @IsOptional()
  @IsIn(TRANSFER_STATUSES)
  status?: TransferStatus;

  @ApiPropertyOptional({ enum: TRANSFER_TYPES })
  @IsOptional()
  @IsIn(TRANSFER_TYPES)
  type?: TransferType;

  @ApiPropertyOptional({
    description:
      'The member’s name begins with it (a surname, a full name, a tag shared by a class): a box of hundreds narrowed to the graduates sought',
  })
  @IsOptional()
  @TrimmedLength(1, 50)
  q?: string;
}

export class TransferTargetQuery {
  @ApiProperty({ description: 'Part of the receiving org’s name' })
  @TrimmedLength(2, 50)
  q!: string;

  @ApiPropertyOptional({
    enum: TRANSFER_TYPES,
    description: 'Only orgs of the purpose this type requires (e.g. new_students for further_study)',
  })
  @IsOptional()
  @IsIn(TRANSFER_TYPES)
  type?: TransferType;

  @ApiPropertyOptional({
    description:
      'The member to transfer, when the caller sees them: only orgs the route of `type` accepts from the member’s org are offered (not the own branch)',
  })
  @IsOptional()
  @IsUUID()
  memberId?: string;
}

/** `GET /api/transfers/targets/by-place`: the org tree of a place, one level at a time (issue 23 item 3). */
export class TargetsByPlaceQuery {
  @ApiProperty({
    description: 'The place: a GB/T 2260 code, usually a county (a city without counties, or a city’s own orgs, by its code)',
  })
  @IsRegionCode('region')
  region!: string;

  @ApiPropertyOptional({ description: 'An org of that place whose children to list; omitted, the place’s topmost orgs (its committee)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ enum: TRANSFER_TYPES, description: 'As for /targets: only orgs this type’s route may take are selectable' })
  @IsOptional()
  @IsIn(TRANSFER_TYPES)
  type?: TransferType;

  @ApiPropertyOptional({ description: 'As for /targets: the member to transfer, when the caller sees them' })
  @IsOptional()
  @IsUUID()
  memberId?: string;
}

export class CheckInDto {
  @ApiProperty({ description: 'Q10, Q16: the day the member reported offline (YYYY-MM-DD, not in the future)' })
  @IsDateText('date')
  date!: string;
}

export class AbroadReportDto {
  @ApiProperty({ description: '§2.5: the day of the report (YYYY-MM-DD, not in the future)' })
  @IsDateText('date')
  date!: string;

  @ApiProperty({ description: 'What the member reported' })
  @TrimmedLength(1, 500)
  note!: string;
}

export class ExternalOutcomeDto {
  @ApiProperty({ enum: EXTERNAL_OUTCOMES, description: 'Q17: the decision of Beijing, Guangdong or Fujian’s system' })
  @IsIn(EXTERNAL_OUTCOMES)
  outcome!: ExternalOutcome;

  @ApiPropertyOptional({ description: 'Required when returned: the other system’s reason' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  reason?: string;
}

export class ArrivalMemberDto {
  @ApiProperty()
  @TrimmedLength(1, 50)
  name!: string;

  @ApiProperty({ description: '18-character ID number' })
  @TrimmedLength(1, 32)
  idCardNumber!: string;

  @MemberField.phone()
  phone?: string;

  @MemberField.emergencyContact({ description: '紧急联系人（姓名、电话）' })
  emergencyContact?: string;
}

export class ArrivalDto {
  @ApiProperty({ type: ArrivalMemberDto })
  @ValidateNested()
  @Type(() => ArrivalMemberDto)
  member!: ArrivalMemberDto;

  @ApiProperty({ description: 'The receiving branch (in the caller’s scope)' })
  @IsUUID()
  toOrgId!: string;

  @ApiProperty({
    type: ExternalTargetDto,
    description: 'Where the member comes from: Beijing, Guangdong or Fujian and the org’s full name there (Q17)',
  })
  @ValidateNested()
  @Type(() => ExternalTargetDto)
  external!: ExternalTargetDto;

  @ApiPropertyOptional({ enum: TRANSFER_TYPES, default: 'general' })
  @IsOptional()
  @IsIn(TRANSFER_TYPES)
  type?: TransferType;

  @ApiPropertyOptional()
  @IsOptional()
  @TrimmedLength(0, 500)
  note?: string;
}
