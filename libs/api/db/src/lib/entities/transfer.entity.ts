import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { InitiatorSide, Role, TransferStatus, TransferType } from '@zhtj/domain';

/** 组织关系转接 (DOMAIN.md §3, §5): one member from one org to another (or to a separate system). */
@Entity('transfer')
export class TransferEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ type: 'text' })
  type!: TransferType;

  @Column({ type: 'text' })
  status!: TransferStatus;

  /** Null once the org has been deleted; its name stays in `fromOrgName`. */
  @Column({ name: 'from_org_id', type: 'uuid', nullable: true })
  fromOrgId!: string | null;

  @Column({ name: 'from_org_name', type: 'text', nullable: true })
  fromOrgName!: string | null;

  /** Null when the receiving org is in a separate provincial system (Q17). */
  @Column({ name: 'to_org_id', type: 'uuid', nullable: true })
  toOrgId!: string | null;

  @Column({ name: 'to_org_name', type: 'text', nullable: true })
  toOrgName!: string | null;

  @Column({ name: 'external_province_code', type: 'char', length: 6, nullable: true })
  externalProvinceCode!: string | null;

  @Column({ name: 'external_org_name', type: 'text', nullable: true })
  externalOrgName!: string | null;

  @Column({ name: 'initiated_by', type: 'uuid' })
  initiatedBy!: string;

  @Column({ name: 'initiator_role', type: 'text' })
  initiatorRole!: Role;

  /** Q21: member, outgoing or receiving side. */
  @Column({ name: 'initiator_side', type: 'text', nullable: true })
  initiatorSide!: InitiatorSide | null;

  @Column({ name: 'initiated_at', type: 'timestamptz' })
  initiatedAt!: Date;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** Reject reason (Q15, Q20). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
