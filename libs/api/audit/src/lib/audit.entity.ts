import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only audit log: who, when, what, before/after. A trigger refuses UPDATE and DELETE. */
@Entity('audit_log')
export class AuditEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_username', type: 'text', nullable: true })
  actorUsername!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  /** Path of the org the entry concerns, so the log is scoped like everything else. */
  @Column({ name: 'org_path', type: 'uuid', array: true })
  orgPath!: string[];
}
