import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Industry, OrgKind, OrgLevel, OrgPurpose } from '@zhtj/domain';

/** 团组织 (DOMAIN.md §1). The tree owns `path`: ancestor ids root … self, GIN-indexed. */
@Entity('org')
export class OrgEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: OrgKind;

  @Column({ type: 'text' })
  level!: OrgLevel;

  @Column({ type: 'text', nullable: true })
  industry!: Industry | null;

  @Column({ name: 'region_code', type: 'char', length: 6 })
  regionCode!: string;

  @Column({ type: 'text', nullable: true })
  purpose!: OrgPurpose | null;

  @Column({ type: 'uuid', array: true })
  path!: string[];

  @Column({ name: 'graduation_date', type: 'date', nullable: true })
  graduationDate!: string | null;

  @Column({ type: 'boolean', default: false })
  mixed!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
