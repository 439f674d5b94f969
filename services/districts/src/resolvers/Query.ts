import { UnitsRepository } from '../repositories/units.repository';
import { DEPARTMENT_ID } from '../domain/units';
import type { DistrictsContext } from '../context';
import { canRead } from './permissions';
import type { DataSource } from 'typeorm';

export const queryResolvers = (dataSource: DataSource) => ({
  units: (_: unknown, __: unknown, ctx: DistrictsContext) => {
    canRead(ctx.principal);
    return new UnitsRepository(dataSource.manager).all();
  },
  districts: (_: unknown, __: unknown, ctx: DistrictsContext) => {
    canRead(ctx.principal);
    return new UnitsRepository(dataSource.manager).districts();
  },
  district: async (_: unknown, { id }: { id: string }, ctx: DistrictsContext) => {
    canRead(ctx.principal);
    const unit = await ctx.loaders.unit.load(id);
    return unit?.kind === 'DISTRICT_OFFICE' ? unit : null;
  },
  department: async (_: unknown, __: unknown, ctx: DistrictsContext) => {
    canRead(ctx.principal);
    return ctx.loaders.unit.load(DEPARTMENT_ID);
  },
});
