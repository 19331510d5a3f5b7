import { Injectable } from '@nestjs/common';
import type { DeepPartial, EntityManager } from 'typeorm';
import { Clock, RequestContext } from '@zhtj/api/core';
import { AuditEntity } from './entities';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
  /** Path of the org the change concerns (for scoping the log). */
  orgPath: string[];
}

const SECRET_FIELDS = new Set(['passwordHash', 'codeHash', 'password']);

function clean(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!SECRET_FIELDS.has(k)) out[k] = v;
  return out;
}

/** Writes audit entries in the caller's transaction: who, when, what, before/after. */
@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  async record(manager: EntityManager, input: AuditInput): Promise<void> {
    await manager.save(manager.create(AuditEntity, this.entry(input)));
  }

  /** Many entries at once (bulk writes such as a member import): TypeORM batches them into multi-row INSERTs. */
  async recordMany(manager: EntityManager, inputs: readonly AuditInput[], chunkSize = 500): Promise<void> {
    const entries = inputs.map((input) => manager.create(AuditEntity, this.entry(input)));
    await manager.save(entries, { chunk: chunkSize, reload: false, transaction: false });
  }

  private entry(input: AuditInput): DeepPartial<AuditEntity> {
    const actor = RequestContext.actorOrNull();
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
