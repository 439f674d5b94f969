import { requireCityWrite, requirePrincipal, requireRole, type Principal } from '@jobcenter/auth';

/** Everyone signed in may read districts and caseload figures: they are aggregates, not personal data. */
export const canRead = (principal: Principal | null): Principal => requirePrincipal(principal);

/** A district's caseload: its own city's staff, or county staff. The district id is the city's id. */
export const canReportCaseload = (principal: Principal | null, districtId: string): Principal =>
  requireCityWrite(principal, districtId, {
    cityRoles: ['city_staff'],
    countyRoles: ['county_staff'],
    action: 'Reporting caseload',
  });

/** Size groups are board data: the county's staff or the board office. */
export const canChangeMasterData = (principal: Principal | null): Principal =>
  requireRole(principal, ['county_staff', 'board_office'], 'Changing district master data');
