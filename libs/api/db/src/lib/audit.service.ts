import { Injectable } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import { Clock, RequestContext } from '@zhtj/api/core';
import { PREPARED } from './prepared';
import { ScopedTx, managerOf } from './scoped-db';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
  /** Path of the org the change concerns (for scoping the log). */
  orgPath: string[];
  /** Who made the change, when not the request's caller (a request decided with others'). */
  actor?: { userId: string; username: string };
}

/** One row of `audit_log` (its entity, `AuditEntity`, is the audit context's, which reads the log). */
interface AuditRow {
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  orgPath: string[];
}

const SECRET_FIELDS = new Set(['passwordHash', 'codeHash', 'password', 'totpSecret']);

function clean(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!SECRET_FIELDS.has(k)) out[k] = v;
  return out;
}

/**
 * Writes audit entries in the caller's transaction (a `ScopedTx`, or a job's manager): who, when,
 * what, before/after. Every context writes the log through it; the audit context reads it.
 */
@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  async record(tx: ScopedTx | EntityManager | QueryRunner, input: AuditInput): Promise<void> {
    await this.recordMany(tx, [input]);
  }

  /**
   * Many entries at once (an import, an approval's entries, the 10-day sweep's thousands): one
   * INSERT … SELECT from a JSON recordset per chunk, no entity per row in JavaScript.
   */
  async recordMany(tx: ScopedTx | EntityManager | QueryRunner, inputs: readonly AuditInput[], chunkSize = 5_000): Promise<void> {
    const manager = managerOf(tx);
    for (let i = 0; i < inputs.length; i += chunkSize) {
      const rows = inputs.slice(i, i + chunkSize).map((input) => {
        const e = this.entry(input);
        return {
          at: e.at.toISOString(),
          actor_id: e.actorId,
          actor_username: e.actorUsername,
          action: e.action,
          entity_type: e.entityType,
          entity_id: e.entityId,
          before: e.before,
          after: e.after,
          org_path: e.orgPath,
        };
      });
      await manager.query(
        `${PREPARED}INSERT INTO audit_log (at, actor_id, actor_username, action, entity_type, entity_id, before, after, org_path)
         SELECT x.at, x.actor_id, x.actor_username, x.action, x.entity_type, x.entity_id, x.before, x.after, x.org_path
           FROM jsonb_to_recordset($1::jsonb) AS x(at timestamptz, actor_id uuid, actor_username text, action text, entity_type text,
                                                   entity_id text, before jsonb, after jsonb, org_path uuid[])`,
        [JSON.stringify(rows)],
      );
    }
  }

  private entry(input: AuditInput): AuditRow {
    const actor = input.actor ?? RequestContext.actorOrNull();
    return {
      at: this.clock.now(),
      actorId: actor?.userId ?? null,
      actorUsername: actor?.username ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: clean(input.before),
      after: clean(input.after),
      orgPath: input.orgPath,
    };
  }
}
