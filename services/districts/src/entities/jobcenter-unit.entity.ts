import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SizeGroup, UnitKind } from '../domain/units';

/** A district office (Bezirksstelle) or the Fachbereich Jobcenter. */
@Entity({ name: 'jobcenter_unit' })
export class JobcenterUnitEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  kind!: UnitKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @Column({ name: 'size_group', type: 'text', nullable: true })
  sizeGroup!: SizeGroup | null;

  @Column({ type: 'text' })
  street!: string;

  @Column({ name: 'postal_code', type: 'text' })
  postalCode!: string;

  @Column({ type: 'text' })
  town!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
