import { DEPARTMENT_ID } from '@jobcenter/auth';
import type { DataSource } from 'typeorm';
import { UnitsRepository } from '../repositories/units.repository';
import { serves } from '../domain/ownership';
import type { DistrictsContext } from '../context';
import { canRead } from './permissions';

/**
 * An instance answers for the units it serves only; the gateway merges the instances' answers
 * (docs/city-instances.md).
 */
export const queryResolvers = (dataSource: DataSource) => ({
  units: async (_: unknown, __: unknown, ctx: DistrictsContext) => {
    canRead(ctx.principal);
    const units = await new UnitsRepository(dataSource.manager).all();
    return units.filter((unit) => serves(ctx.ownership, unit));
  },
  districts: async (_: unknown, __: unknown, ctx: DistrictsContext) => {
    canRead(ctx.principal);
    const districts = await new UnitsRepository(dataSource.manager).districts();
    return districts.filter((unit) => serves(ctx.ownership, unit));
  },
  district: async (_: unknown, { id }: { id: string }, ctx: DistrictsContext) => {
    canRead(ctx.principal);
    const unit = await ctx.loaders.unit.load(id);
    return unit?.kind === 'DISTRICT_OFFICE' && serves(ctx.ownership, unit) ? unit : null;
  },
  department: async (_: unknown, __: unknown, ctx: DistrictsContext) => {
    canRead(ctx.principal);
    const unit = await ctx.loaders.unit.load(DEPARTMENT_ID);
    return unit && serves(ctx.ownership, unit) ? unit : null;
  },
});
