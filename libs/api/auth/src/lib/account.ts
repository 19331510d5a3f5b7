import { parseIdCardNumber } from '@zhtj/domain';
import type { UnscopedReader } from '@zhtj/api/db';
import { MemberEntity } from '@zhtj/api/members';
import { OrgEntity } from '@zhtj/api/orgs';
import type { UserView } from '@zhtj/shared/contract';
import { UserEntity } from './user.entity';

export type { UserView };

/* An account as the auth services read it: found by the name a person types, placed in the org tree, answered. */

/** An account as the API answers it (a member account with its member's org). */
export function userView(u: UserEntity, memberOrgId?: string): UserView {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    orgId: u.orgId ?? memberOrgId ?? null,
    ...(u.memberId ? { memberId: u.memberId } : {}),
  };
}

/** Finds an account by username, or a member account by the member's ID number. */
export async function findAccountByLogin(m: UnscopedReader, raw: string): Promise<UserEntity | null> {
  // Any compatible spelling (full-width, …) finds the account stored in NFKC form.
  const username = raw.normalize('NFKC').trim();
  const byName = await m.createQueryBuilder(UserEntity, 'u').where('lower(u.username) = lower(:username)', { username }).getOne();
  if (byName) return byName;
  const id = parseIdCardNumber(username);
  if (!id.ok) return null;
  return m
    .createQueryBuilder(UserEntity, 'u')
    .innerJoin(MemberEntity, 'mb', 'mb.id = u.memberId')
    .where('mb.idCardNumber = :id', { id: id.normalized })
    .getOne();
}

/** The org path of an account: its own org, or a member account's member's org (for audit entries). */
export async function accountOrgPath(m: UnscopedReader, user: UserEntity): Promise<string[]> {
  const orgId = user.orgId ?? (await m.findOneByOrFail(MemberEntity, { id: user.memberId as string })).orgId;
  return (await m.findOneByOrFail(OrgEntity, { id: orgId })).path;
}
