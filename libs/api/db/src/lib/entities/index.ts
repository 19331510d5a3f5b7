import { AbroadReportEntity } from './abroad-report.entity';
import { AuditEntity } from './audit.entity';
import { MemberEntity } from './member.entity';
import { OrgEntity } from './org.entity';
import { RegionEntity } from './region.entity';
import { ResetCodeEntity } from './reset-code.entity';
import { TransferEntity } from './transfer.entity';
import { TransferReminderEntity } from './transfer-reminder.entity';
import { UserEntity } from './user.entity';

export { AbroadReportEntity, AuditEntity, MemberEntity, OrgEntity, RegionEntity, ResetCodeEntity, TransferEntity, TransferReminderEntity, UserEntity };

/** Every entity, listed explicitly (STYLE.md: globs break once the API is bundled). */
export const ENTITIES = [RegionEntity, OrgEntity, MemberEntity, UserEntity, ResetCodeEntity, AuditEntity, TransferEntity, AbroadReportEntity, TransferReminderEntity];
