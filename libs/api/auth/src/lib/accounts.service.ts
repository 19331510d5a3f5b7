import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { QueryFailedError } from 'typeorm';
import { adminRoleForOrg, maskUsername, normalizeUsername, parseIdCardNumber } from '@zhtj/domain';
import { AppError, RequestContext, assertAllowed } from '@zhtj/api/core';
import { AuditService, ScopedDb, skeletonOf } from '@zhtj/api/db';
import type { Page, UserView } from '@zhtj/shared/contract';
import { UserEntity } from './user.entity';
import { userView } from './account';
import { Argon2Gate } from './argon2-gate';
import type { CreateUserDto } from './dto';
import { assertPasswordPolicy } from './password-policy';

/** 账号管理: an admin creates accounts in its scope and lists them. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly argon2: Argon2Gate,
  ) {}

  /** `POST /api/users`: an admin creates an admin account for an org, or a member account, in its scope. */
  async createUser(dto: CreateUserDto): Promise<UserView> {
    RequestContext.admin();
    if (!dto.orgId === !dto.memberId) throw new AppError('USER_TARGET_REQUIRED');
    const name = normalizeUsername(dto.username);
    assertAllowed(name);
    const username = name.ok ? name.value : dto.username;
    assertPasswordPolicy(dto.password);
    // An authenticated caller: the trusted lane.
    const hash = await this.argon2.run(() => argon2.hash(dto.password), 'trusted');
    const asId = parseIdCardNumber(username);
    return this.db.transaction(async (m) => {
      // Scope first, then validate (issue 21 item 8e): the target org or member is read in the
      // caller's scope before anything is compared with it, so an answer about a member outside
      // scope is the same 404 whatever the username (no oracle on a foreign member's ID number).
      let user: UserEntity;
      let orgPath: string[];
      if (dto.orgId) {
        const org = await m.byId('org', dto.orgId);
        // Members log in with their ID number: no other account may take one as its name.
        if (asId.ok) throw new AppError('USERNAME_LOOKS_LIKE_ID');
        user = m.create(UserEntity, {
          username,
          passwordHash: hash,
          role: adminRoleForOrg(org),
          orgId: org.id,
          contactName: dto.contactName ?? null,
          contactPhone: dto.contactPhone ?? null,
        });
        orgPath = org.path;
      } else {
        const member = await m.byId('member', dto.memberId as string);
        // A member account may be named by the member's own ID number, no other one.
        if (asId.ok && member.idCardNumber !== asId.normalized) throw new AppError('USERNAME_LOOKS_LIKE_ID');
        if (await m.unscoped('auth.username-unique').existsBy(UserEntity, { memberId: member.id }))
          throw new AppError('MEMBER_HAS_ACCOUNT');
        user = m.create(UserEntity, { username, passwordHash: hash, role: 'member', memberId: member.id });
        orgPath = (await m.byId('org', member.orgId)).path;
      }
      const taken = await m
        .unscoped('auth.username-unique')
        .createQueryBuilder(UserEntity, 'u')
        .where('lower(u.username) = lower(:n)', { n: username })
        .getExists();
      if (taken) throw new AppError('USERNAME_TAKEN');
      // Issue 21 item 8d: no name that looks like another (TR39 skeleton, unique in the database, so
      // of two parallel creates of look-alikes one fails at the index).
      user.usernameSkeleton = skeletonOf(username);
      if (await m.unscoped('auth.username-unique').existsBy(UserEntity, { usernameSkeleton: user.usernameSkeleton }))
        throw new AppError('USERNAME_LOOKS_ALIKE');
      await m.save(user).catch((e: unknown) => {
        const d = e instanceof QueryFailedError ? (e.driverError as { code?: string; constraint?: string }) : null;
        if (d?.code === '23505' && d.constraint === 'app_user_username_skeleton_uq') throw new AppError('USERNAME_LOOKS_ALIKE');
        if (d?.code === '23505' && d.constraint === 'app_user_username_uq') throw new AppError('USERNAME_TAKEN');
        throw e;
      });
      await this.audit.record(m, { action: 'user.create', entityType: 'user', entityId: user.id, after: userView(user), orgPath });
      return userView(user, orgPath[orgPath.length - 1]);
    });
  }

  async listUsers(orgId: string | undefined): Promise<Page<UserView>> {
    const qb = this.db.query('user', 'u').orderBy('u.username');
    if (orgId) {
      qb.andWhere('(u.orgId = :orgId OR u.memberId IN (SELECT lm.id FROM member lm WHERE lm.org_id = :orgId))', { orgId });
    }
    const [rows, total] = await qb.take(500).getManyAndCount();
    // A member's username is their ID number: listed masked (DOMAIN.md §2).
    return { items: rows.map((u) => ({ ...userView(u), username: maskUsername(u.username) })), total };
  }
}
