import { checkBranchAssignment, schoolOf, targetsCommittee } from '@zhtj/domain';
import { AppError, assertAllowed, notFound } from '@zhtj/api/core';
import type { UnscopedReader } from '@zhtj/api/db';
import type { MemberEntity } from '@zhtj/api/members';
import { OrgEntity, orgFactsAndChain } from '@zhtj/api/orgs';
import type { TransferEntity } from './transfer.entity';

/**
 * §5 分配到团支部: approving a transfer that targets a committee moves the member into the branch
 * the approver picks under it (`checkBranchAssignment`); the committee stays on the transfer as
 * the requested org and `toOrgId` becomes the branch. A transfer to a branch needs no branch.
 */
export async function assignBranchOnApproval(
  m: UnscopedReader,
  t: TransferEntity,
  member: Pick<MemberEntity, 'orgId' | 'schoolOrgId' | 'graduationDate'>,
  branchId: string | null,
  now: Date,
): Promise<void> {
  if (!t.toOrgId) {
    if (branchId) throw new AppError('BRANCH_NOT_UNDER_TARGET');
    return;
  }
  // The target, the member's org with its ancestors (its school, §6) and the branch asked for: one query.
  const { facts, chain } = await orgFactsAndChain(m, [t.toOrgId, member.orgId, ...(branchId ? [branchId] : [])], member.orgId);
  const target = facts.get(t.toOrgId);
  const from = facts.get(member.orgId);
  if (!target || !from) throw notFound();
  const branch = branchId ? (facts.get(branchId) ?? null) : null;
  if (branchId && !branch) throw notFound();
  const decision = checkBranchAssignment(t.type, from, target, branch, now, {
    fromSchoolId: schoolOf(chain)?.id ?? member.schoolOrgId,
    graduationDate: member.graduationDate,
  });
  assertAllowed(decision);
  if (decision.ok && branch && decision.orgId === branch.id && branch.id !== target.id) {
    t.requestedOrgId = target.id;
    t.requestedOrgName = target.name;
    t.toOrgId = branch.id;
    t.toOrgName = branch.name;
  }
}

/** §5: does approving this pending transfer need a branch under its (committee) target? */
export async function needsBranchAssignment(m: UnscopedReader, t: TransferEntity): Promise<boolean> {
  if (t.status !== 'pending' || !t.toOrgId) return false;
  const to = await m.findOneBy(OrgEntity, { id: t.toOrgId });
  return to !== null && targetsCommittee(t.type, to);
}
