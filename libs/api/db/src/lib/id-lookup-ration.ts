import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { idLookupRations, toShanghaiDate } from '@zhtj/domain';
import type { LookupRation, OrgLevel } from '@zhtj/domain';
import { AppError, Clock } from '@zhtj/api/core';
import type { Actor } from '@zhtj/api/core';
import { rateLimited } from '@zhtj/api/telemetry';
import { ThrottleStore } from './throttle';

const DAY_MS = 24 * 3600_000;

/** The one answer once a ration is spent, whatever the number or the pair (§5). */
export function lookupRationSpent(): AppError {
  rateLimited.inc({ limit: 'id_lookup' });
  return new AppError('TOO_MANY_REQUESTS', {
    message: '今日按身份证号查询或登记的次数已用完（本单位及下级组织共用），请明日再试或联系上级团组织',
    messageEn:
      'Today’s lookups by ID number are used up for your org and the orgs under it; try again tomorrow or ask your superior committee',
  });
}

/**
 * §5 Interpretation (no enumeration of the register): the daily rations of lookups that can tell
 * whether an ID number, or an (ID number, name) pair, is registered outside the caller's scope —
 * per org subtree and day (`idLookupRations`, libs/domain lookups.ts), kept in the `throttle`
 * table so every API process shares them. Call `isSpent` before the lookup (once spent, every such
 * request is refused alike) and `spend` after an answer that told something; both outside a
 * transaction (the embedded database has one connection).
 */
@Injectable()
export class IdLookupRation {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly throttle: ThrottleStore,
    private readonly clock: Clock,
  ) {}

  /** The caller's rations, keyed by day (Asia/Shanghai, the app clock's). */
  private async rations(actor: Actor): Promise<LookupRation[]> {
    const rows: { id: string; level: OrgLevel }[] = await this.ds.query(`SELECT id, level FROM org WHERE id = ANY($1::uuid[])`, [
      actor.orgPath,
    ]);
    const levels = new Map(rows.map((r) => [r.id, r.level]));
    const path = actor.orgPath.flatMap((id) => {
      const level = levels.get(id);
      return level ? [{ id, level }] : [];
    });
    const day = toShanghaiDate(this.clock.now()) ?? '';
    return idLookupRations(path).map((r) => ({ key: `idlookup:${r.key}:${day}`, limit: r.limit }));
  }

  /** Is one of the caller's rations used up today? */
  async isSpent(actor: Actor): Promise<boolean> {
    const rations = await this.rations(actor);
    if (!rations.length) return false;
    const rows: { key: string; hits: number }[] = await this.ds.query(`SELECT key, hits FROM throttle WHERE key = ANY($1::text[])`, [
      rations.map((r) => r.key),
    ]);
    const hits = new Map(rows.map((r) => [r.key, Number(r.hits)]));
    return rations.some((r) => (hits.get(r.key) ?? 0) >= r.limit);
  }

  /** Refuses (429) when a ration is used up. */
  async assertLeft(actor: Actor): Promise<void> {
    if (await this.isSpent(actor)) throw lookupRationSpent();
  }

  /** Counts one lookup that told something against each of the caller's rations. */
  async spend(actor: Actor): Promise<void> {
    const now = this.clock.now();
    for (const r of await this.rations(actor)) await this.throttle.hit(r.key, r.limit, DAY_MS, now);
  }
}
