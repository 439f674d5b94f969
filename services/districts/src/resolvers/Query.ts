import { DEPARTMENT_ID } from '@jobcenter/auth';
import type { DataSource } from 'typeorm';
import { UnitsRepository } from '../repositories/units.repository';
import { serves } from '../domain/ownership';
import type { QueryResolvers } from './generated';
import { canRead } from './permissions';

/**
 * An instance answers for the units it serves only; the gateway merges the instances' answers
 * (docs/city-instances.md).
 */
export const queryResolvers = (dataSource: DataSource): QueryResolvers => ({
  units: async (_, __, ctx) => {
    canRead(ctx.principal);
    const units = await new UnitsRepository(dataSource.manager).all();
    return units.filter((unit) => serves(ctx.ownership, unit));
  },
  districts: async (_, __, ctx) => {
    canRead(ctx.principal);
    const districts = await new UnitsRepository(dataSource.manager).districts();
    return districts.filter((unit) => serves(ctx.ownership, unit));
  },
  district: async (_, { id }, ctx) => {
    canRead(ctx.principal);
    const unit = await ctx.loaders.unit.load(id);
    return unit?.kind === 'DISTRICT_OFFICE' && serves(ctx.ownership, unit) ? unit : null;
  },
  department: async (_, __, ctx) => {
    canRead(ctx.principal);
    const unit = await ctx.loaders.unit.load(DEPARTMENT_ID);
    return unit && serves(ctx.ownership, unit) ? unit : null;
  },
});
