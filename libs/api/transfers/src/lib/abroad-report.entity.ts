import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** §2.5: a dated report of a member abroad for study, kept by the abroad-study branch. */
@Entity('abroad_report')
export class AbroadReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ name: 'report_date', type: 'date' })
  reportDate!: string;

  @Column({ type: 'text' })
  note!: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
