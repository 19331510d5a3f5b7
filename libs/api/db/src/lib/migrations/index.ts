import { Initial1764200000000 } from './1764200000000-initial';
import { Transfers1764300000000 } from './1764300000000-transfers';
import { TransferHistory1764400000000 } from './1764400000000-transfer-history';
import { PasswordChanged1764500000000 } from './1764500000000-password-changed';
import { TransferReminders1765000000000 } from './1765000000000-transfer-reminders';
import { Throttle1764600000000 } from './1764600000000-throttle';
import { GraduateCohort1764700000000 } from './1764700000000-graduate-cohort';
import { FollowUp1764800000000 } from './1764800000000-follow-up';
import { DatasetInfo1764900000000 } from './1764900000000-dataset-info';
import { ProvinceKeys1764900000001 } from './1764900000001-province-keys';
import { MemberSearch1764900000002 } from './1764900000002-member-search';
import { MarkingFacts1765100000000 } from './1765100000000-marking-facts';
import { MemberGraduationIndex1765100000001 } from './1765100000001-member-graduation-index';
import { MemberFillfactor1765200000000 } from './1765200000000-member-fillfactor';
import { MemberRowLocks1765200000001 } from './1765200000001-member-row-locks';
import { OrgPathGin1765200000002 } from './1765200000002-org-path-gin';
import { MarkingRoom1765300000000 } from './1765300000000-marking-room';
import { MemberIds1765300000001 } from './1765300000001-member-ids';
import { FactsRefreshOnce1765300000002 } from './1765300000002-facts-refresh-once';
import { FactsGenericPlan1765400000000 } from './1765400000000-facts-generic-plan';
import { MemberListWalk1765400000001 } from './1765400000001-member-list-walk';
import { MemberFactsCustomPlan1765500000000 } from './1765500000000-member-facts-custom-plan';
import { CohortSchoolCheck1765500000001 } from './1765500000001-cohort-school-check';
import { RevokedToken1765600000002 } from './1765600000002-revoked-token';
import { UsernameSkeleton1765600000021 } from './1765600000021-username-skeleton';
import { TransferDecidedByMarking1765600000022 } from './1765600000022-transfer-decided-by-marking';
import { LoginChallenge1765600000030 } from './1765600000030-login-challenge';
import { ReturnClosed1765600000050 } from './1765600000050-return-closed';
import { MetricsCheckResult1765700000246 } from './1765700000246-metrics-check-result';
import { SecondFactor1765600000040 } from './1765600000040-second-factor';
import { SchemaObjects1765700000000 } from './1765700000000-schema-objects';
import { GraduationEvents1765800000000 } from './1765800000000-graduation-events';
import { GraduatesOrgDue1765800000001 } from './1765800000001-graduates-org-due';

/** Every migration, in order, listed explicitly. */
export const MIGRATIONS = [
  Initial1764200000000,
  Transfers1764300000000,
  TransferHistory1764400000000,
  PasswordChanged1764500000000,
  Throttle1764600000000,
  GraduateCohort1764700000000,
  FollowUp1764800000000,
  DatasetInfo1764900000000,
  ProvinceKeys1764900000001,
  MemberSearch1764900000002,
  TransferReminders1765000000000,
  MarkingFacts1765100000000,
  MemberGraduationIndex1765100000001,
  MemberFillfactor1765200000000,
  MemberRowLocks1765200000001,
  OrgPathGin1765200000002,
  MarkingRoom1765300000000,
  MemberIds1765300000001,
  FactsRefreshOnce1765300000002,
  FactsGenericPlan1765400000000,
  MemberListWalk1765400000001,
  MemberFactsCustomPlan1765500000000,
  CohortSchoolCheck1765500000001,
  RevokedToken1765600000002,
  UsernameSkeleton1765600000021,
  TransferDecidedByMarking1765600000022,
  LoginChallenge1765600000030,
  SecondFactor1765600000040,
  ReturnClosed1765600000050,
  SchemaObjects1765700000000,
  MetricsCheckResult1765700000246,
  GraduationEvents1765800000000,
  GraduatesOrgDue1765800000001,
];
export {
  FactsRefreshOnce1765300000002,
  FactsGenericPlan1765400000000,
  MemberListWalk1765400000001,
  MemberFactsCustomPlan1765500000000,
  CohortSchoolCheck1765500000001,
  UsernameSkeleton1765600000021,
  TransferDecidedByMarking1765600000022,
};
