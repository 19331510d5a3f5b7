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

  /** Decided by graduation marking itself (延迟毕业, §2.7), not by an account: `decidedBy` is empty (issue 21). */
  @Column({ name: 'decided_by_marking', type: 'boolean', default: false })
  decidedByMarking!: boolean;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** When the initiator (or the member) closed this returned transfer on their 首页 (issue 23). */
  @Column({ name: 'return_closed_at', type: 'timestamptz', nullable: true })
  returnClosedAt!: Date | null;

  /** Reject reason (Q15, Q20). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** §2.5: the written retention request of an `abroad_study` transfer (contact at home, phone). */
  @Column({ name: 'abroad_contact_name', type: 'text', nullable: true })
  abroadContactName!: string | null;

  @Column({ name: 'abroad_contact_phone', type: 'text', nullable: true })
  abroadContactPhone!: string | null;

  /** Q10, Q16: the offline check-in (线下报到) recorded by the receiving org after approval. */
  @Column({ name: 'checked_in_on', type: 'date', nullable: true })
  checkedInOn!: string | null;

  @Column({ name: 'checked_in_by', type: 'uuid', nullable: true })
  checkedInBy!: string | null;

  /** §5: the committee the transfer targeted; on approval `toOrgId` becomes the assigned branch. */
  @Column({ name: 'requested_org_id', type: 'uuid', nullable: true })
  requestedOrgId!: string | null;

  @Column({ name: 'requested_org_name', type: 'text', nullable: true })
  requestedOrgName!: string | null;

  /** Q17, §5: an arrival from Beijing, Guangdong or Fujian (from-org name and province are theirs). */
  @Column({ name: 'external_arrival', type: 'boolean', default: false })
  externalArrival!: boolean;
}
