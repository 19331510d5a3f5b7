import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@zhtj/domain';

/** 催办: one reminder sent on a pending transfer (at most one per transfer per day). */
@Entity('transfer_reminder')
export class TransferReminderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'transfer_id', type: 'uuid' })
  transferId!: string;

  @Column({ name: 'sent_by', type: 'uuid' })
  sentBy!: string;

  @Column({ name: 'sender_role', type: 'text' })
  senderRole!: Role;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  /** The Asia/Shanghai calendar day of `sentAt`. */
  @Column({ name: 'sent_day', type: 'date' })
  sentDay!: string;
}
