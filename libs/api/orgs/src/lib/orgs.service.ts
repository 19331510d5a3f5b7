import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SelectQueryBuilder } from 'typeorm';
import {
  ONE_PER_SCHOOL_PURPOSES,
  canDeleteOrg,
  mayHoldMembers,
  checkOrgPlacement,
  isGraduatesOrgDueForDeletion,
  isSchoolDomain,
  regionPrefix,
} from '@zhtj/domain';
import type { OrgKind, OrgLevel, OrgPurpose } from '@zhtj/domain';
import { AppError, Page, RequestContext, assertAllowed } from '@zhtj/api/core';
import { AuditService, ScopedDb, ScopedTx } from '@zhtj/api/db';
import { RegionEntity } from '@zhtj/api/regions';
import type { OrgView } from '@zhtj/shared/contract';
import { orgContexts, schoolIdOf } from './org-chain';
import { OrgEntity } from './org.entity';
import type { ChildrenQuery, CreateOrgDto, OrgListQuery, UpdateOrgDto } from './dto';

export type { OrgView };

function auditShape(o: OrgEntity) {
  const { createdAt: _c, updatedAt: _u, ...rest } = o;
  return rest;
}

@Injectable()
export class OrgsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  private withCounts(qb: SelectQueryBuilder<OrgEntity>, alias: string) {
    return qb
      .addSelect(`(SELECT count(*) FROM org c WHERE c.parent_id = ${alias}.id)::int`, 'child_count')
      .addSelect(`(SELECT count(*) FROM member mc WHERE mc.org_id = ${alias}.id AND mc.status = 'active')::int`, 'member_count')
      .addSelect(
        `CASE WHEN ${alias}.purpose = 'graduates' THEN (SELECT count(*) FROM transfer tc WHERE tc.from_org_id = ${alias}.id AND tc.status = 'approved')::int ELSE 0 END`,
        'transferred_out',
      );
  }

  private async views(qb: SelectQueryBuilder<OrgEntity>): Promise<OrgView[]> {
    const { entities, raw } = await qb.getRawAndEntities();
    const contextOf = await orgContexts(
      this.db.unscoped('orgs.ancestors'),
      entities.map((o) => o.path),
    );
    return entities.map((o, i) => {
      const counts = {
        children: Number(raw[i]?.child_count ?? 0),
        members: Number(raw[i]?.member_count ?? 0),
        transferredOut: Number(raw[i]?.transferred_out ?? 0),
      };
      return {
        ...auditShape(o),
        childCount: counts.children,
        memberCount: counts.members,
        dueForDeletion: isGraduatesOrgDueForDeletion(o, counts),
        context: contextOf(o.path),
      };
    });
  }

  async get(id: string): Promise<OrgView> {
    await this.db.byId('org', id);
    const [view] = await this.views(this.withCounts(this.db.query('org', 'o'), 'o').andWhere('o.id = :id', { id }));
    return view as OrgView;
  }

  async children(id: string, q: ChildrenQuery): Promise<Page<OrgView>> {
    await this.db.byId('org', id);
    const qb = this.withCounts(this.db.query('org', 'o'), 'o')
      .andWhere('o.parentId = :id', { id })
      .orderBy('o.kind', 'ASC')
      .addOrderBy('o.name', 'ASC');
    const total = await qb.getCount();
    const items = await this.views(qb.offset((q.page - 1) * q.pageSize).limit(q.pageSize));
    return { items, total };
  }

  async list(q: OrgListQuery): Promise<Page<OrgView>> {
    const qb = this.withCounts(this.db.query('org', 'o'), 'o').orderBy('array_length(o.path, 1)', 'ASC').addOrderBy('o.name', 'ASC');
    if (q.q) qb.andWhere(`o.name ILIKE :q ESCAPE '\\'`, { q: `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (q.purpose) qb.andWhere('o.purpose = :purpose', { purpose: q.purpose });
    if (q.kind) qb.andWhere('o.kind = :kind', { kind: q.kind });
    if (q.regionCode) {
      qb.andWhere('o.regionCode LIKE :rp', { rp: `${regionPrefix(q.regionCode) ?? ''}%` });
    }
    const total = await qb.getCount();
    const items = await this.views(qb.offset((q.page - 1) * q.pageSize).limit(q.pageSize));
    return { items, total };
  }

  async create(dto: CreateOrgDto): Promise<OrgView> {
    RequestContext.admin();
    const id = await this.db.transaction(async (tx) => {
      const parent = await tx.byId('org', dto.parentId, true);
      const industry = dto.industry !== undefined ? dto.industry : parent.level === 'base' ? parent.industry : null;
      const regionCode = dto.regionCode ?? parent.regionCode;
      await this.assertPlacement(tx, parent, { kind: dto.kind, level: dto.level, regionCode, purpose: dto.purpose ?? null });
      await this.assertNameFree(tx, parent.id, dto.name, null);
      const newId = randomUUID();
      const org = tx.create(OrgEntity, {
        id: newId,
        parentId: parent.id,
        name: dto.name,
        kind: dto.kind,
        level: dto.level,
        industry: industry ?? null,
        regionCode,
        purpose: dto.purpose ?? null,
        path: [...parent.path, newId],
        graduationDate: null,
        mixed: false,
      });
      await tx.insert(OrgEntity, org);
      await this.audit.record(tx, { action: 'org.create', entityType: 'org', entityId: newId, after: auditShape(org), orgPath: org.path });
      return newId;
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateOrgDto): Promise<OrgView> {
    RequestContext.admin();
    const actor = RequestContext.actor();
    await this.db.transaction(async (tx) => {
      const org = await tx.byId('org', id, true);
      const before = auditShape({ ...org });
      let parent: OrgEntity | null = org.parentId
        ? await tx.unscoped('orgs.ancestors').findOneByOrFail(OrgEntity, { id: org.parentId })
        : null;
      const moving = dto.parentId !== undefined && dto.parentId !== org.parentId;
      if (moving) {
        if (org.id === actor.orgId || !org.path.includes(actor.orgId)) throw new AppError('ORG_IS_SCOPE_ROOT');
        parent = await tx.byId('org', dto.parentId as string, true);
        if (parent.path.includes(org.id)) throw new AppError('ORG_MOVE_CYCLE');
      }
      const next = {
        name: dto.name ?? org.name,
        kind: dto.kind ?? org.kind,
        industry: dto.industry !== undefined ? dto.industry : org.industry,
        regionCode: dto.regionCode ?? org.regionCode,
        purpose: dto.purpose !== undefined ? dto.purpose : org.purpose,
      };
      // The caller's own org is defined from above: it may rename it, nothing that widens its scope.
      const ownOrg = org.id === actor.orgId;
      if (
        ownOrg &&
        (next.kind !== org.kind || next.industry !== org.industry || next.regionCode !== org.regionCode || next.purpose !== org.purpose)
      ) {
        throw new AppError('ORG_IS_SCOPE_ROOT');
      }
      if (
        next.kind === 'branch' &&
        org.kind !== 'branch' &&
        (await tx.query('org', 'c').andWhere('c.parentId = :id', { id: org.id }).getExists())
      ) {
        throw new AppError('PARENT_IS_BRANCH');
      }
      // Members belong only to branches and special-purpose orgs (DOMAIN.md §1).
      if (!mayHoldMembers(next) && (await tx.query('member', 'mb').andWhere('mb.orgId = :id', { id: org.id }).getExists())) {
        throw new AppError('MEMBER_ORG_NOT_BRANCH');
      }
      if (parent) {
        if (moving || next.regionCode !== org.regionCode || next.purpose !== org.purpose) {
          await this.assertPlacement(
            tx,
            parent,
            { kind: next.kind, level: org.level, regionCode: next.regionCode, purpose: next.purpose },
            org.id,
          );
        }
        if (moving || next.name !== org.name) await this.assertNameFree(tx, parent.id, next.name, org.id);
      } else if (moving || next.regionCode !== org.regionCode) {
        throw new AppError('ORG_IS_SCOPE_ROOT');
      }
      await tx.update(OrgEntity, org.id, next);
      if (moving && parent) {
        // The tree owns its path: rewrite the whole subtree's paths in this transaction.
        const newPrefix = [...parent.path];
        await tx.execute(
          `UPDATE org SET parent_id = CASE WHEN id = $1 THEN $2::uuid ELSE parent_id END,
                          path = $3::uuid[] || path[array_position(path, $1::uuid):]
            WHERE path @> ARRAY[$1::uuid]`,
          [org.id, parent.id, newPrefix],
        );
      }
      const after = await tx.byId('org', org.id);
      await this.audit.record(tx, {
        action: moving ? 'org.move' : 'org.update',
        entityType: 'org',
        entityId: org.id,
        before,
        after: auditShape(after),
        orgPath: after.path,
      });
    });
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    RequestContext.admin();
    const actor = RequestContext.actor();
    await this.db.transaction(async (tx) => {
      const org = await tx.byId('org', id, true);
      if (org.id === actor.orgId || !org.parentId) throw new AppError('ORG_IS_SCOPE_ROOT');
      // Active members, as the org list counts them; members who left stay on record under the parent.
      const [counts] = await tx.unscoped('orgs.delete-check').query(
        `SELECT (SELECT count(*) FROM org WHERE parent_id = $1)::int AS children,
                (SELECT count(*) FROM member WHERE org_id = $1 AND status = 'active')::int AS members,
                (SELECT count(*) FROM member WHERE school_org_id = $1)::int AS "graduatesOfSchool",
                (SELECT count(*) FROM app_user WHERE org_id = $1)::int AS accounts`,
        [org.id],
      );
      assertAllowed(canDeleteOrg(counts));
      // TypeORM answers an UPDATE with [rows, count].
      const [rehomed]: [{ id: string }[], number] = await tx.execute(
        `UPDATE member SET org_id = $2 WHERE org_id = $1 AND status = 'left' RETURNING id`,
        [org.id, org.parentId],
      );
      await tx.delete(OrgEntity, org.id);
      if (rehomed.length > 0) {
        await this.audit.record(tx, {
          action: 'org.delete.left_members',
          entityType: 'org',
          entityId: org.id,
          after: { parentId: org.parentId, memberIds: rehomed.map((r) => r.id) },
          orgPath: org.path,
        });
      }
      await this.audit.record(tx, {
        action: 'org.delete',
        entityType: 'org',
        entityId: org.id,
        before: auditShape(org),
        orgPath: org.path,
      });
    });
  }

  private async assertNameFree(tx: ScopedTx, parentId: string, name: string, selfId: string | null): Promise<void> {
    const clash = await tx.unscoped('orgs.name-unique').findOneBy(OrgEntity, { parentId, name });
    if (clash && clash.id !== selfId) throw new AppError('ORG_NAME_TAKEN');
  }

  /** Where an org may sit under `parent` (DOMAIN.md §1): level order, region, special purposes. */
  /** §1, §2: the domain's placement rule, fed with what the database knows (one of each per school or province). */
  private async assertPlacement(
    tx: ScopedTx,
    parent: OrgEntity,
    child: { kind: OrgKind; level: OrgLevel; regionCode: string; purpose: OrgPurpose | null },
    selfId?: string,
  ): Promise<void> {
    if (!(await tx.unscoped('reference.regions').existsBy(RegionEntity, { code: child.regionCode }))) throw new AppError('REGION_UNKNOWN');
    const others = tx
      .unscoped('orgs.name-unique')
      .createQueryBuilder(OrgEntity, 'o')
      .where('o.purpose = :purpose', { purpose: child.purpose })
      .andWhere(selfId ? 'o.id <> :selfId' : '1=1', { selfId });
    let purposeTakenInSchool = false;
    let libraryTakenInProvince = false;
    if (child.purpose && ONE_PER_SCHOOL_PURPOSES.includes(child.purpose) && isSchoolDomain(parent.industry)) {
      const school = await schoolIdOf(tx.unscoped('orgs.ancestors'), parent.path);
      purposeTakenInSchool = await others.andWhere('o.path @> ARRAY[:school]::uuid[]', { school }).getExists();
    } else if (child.purpose === 'special_library') {
      libraryTakenInProvince = await others.andWhere('left(o.regionCode, 2) = :p', { p: child.regionCode.slice(0, 2) }).getExists();
    }
    assertAllowed(checkOrgPlacement(parent, child, { purposeTakenInSchool, libraryTakenInProvince }));
  }
}
