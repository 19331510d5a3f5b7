import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Destination, Gender, MemberMark } from '@zhtj/domain';

export type MemberStatus = 'active' | 'left';

/** 团员 (DOMAIN.md §2). Changes org only through a transfer; never hard-deleted. */
@Entity('member')
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'id_card_number', type: 'char', length: 18 })
  idCardNumber!: string;

  @Column({ type: 'text' })
  gender!: Gender;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ name: 'join_date', type: 'date', nullable: true })
  joinDate!: string | null;

  @Column({ name: 'party_member', type: 'boolean', default: false })
  partyMember!: boolean;

  @Column({ name: 'education_stage', type: 'text', nullable: true })
  educationStage!: string | null;

  @Column({ name: 'emergency_contact', type: 'text', nullable: true })
  emergencyContact!: string | null;

  /** Effective graduation date: the branch's, or the member's own in a mixed branch (§4). */
  @Column({ name: 'graduation_date', type: 'date', nullable: true })
  graduationDate!: string | null;

  /** The school-domain org the member graduates from; stays with the graduate (§6). */
  @Column({ name: 'school_org_id', type: 'uuid', nullable: true })
  schoolOrgId!: string | null;

  /**
   * The graduation event (DOMAIN.md §6): the branch whose marking gave `graduationDate` — the
   * member's org when the date was written, kept by the database (`metrics_member_before`).
   */
  @Column({ name: 'graduation_org_id', type: 'uuid', nullable: true, insert: false, update: false })
  graduationOrgId!: string | null;

  @Column({ type: 'text', nullable: true })
  destination!: Destination | null;

  /** Per-member graduation mark (§4): delayed, teacher, graduate_mobile. */
  @Column({ name: 'graduation_mark', type: 'text', nullable: true })
  graduationMark!: MemberMark | null;

  /** 团内职务 (Q1): a member holding a League post keeps membership at 28 and over. */
  @Column({ name: 'league_post', type: 'text', nullable: true })
  leaguePost!: string | null;

  /** Province (2 digits) of the current org: the partition / distribution key (docs/scaling.md), kept by a trigger. */
  @Column({ name: 'province_code', type: 'char', length: 2, insert: false, update: false })
  provinceCode!: string;

  @Column({ type: 'text', default: 'active' })
  status!: MemberStatus;

  @Column({ name: 'left_reason', type: 'text', nullable: true })
  leftReason!: string | null;

  /** When the member left (status `left`); null while active (§2, §6 "membership ended"). */
  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
