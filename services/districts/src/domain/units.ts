import { CITY_NAMES, DEPARTMENT_ID, type CityId } from '@jobcenter/kernel';

export type SizeGroup = 'SMALL' | 'MEDIUM' | 'LARGE';
export type UnitKind = 'DISTRICT_OFFICE' | 'DEPARTMENT';

export interface Address {
  street: string;
  postalCode: string;
  town: string;
}

export interface UnitRegistration {
  id: string;
  kind: UnitKind;
  name: string;
  city: string | null;
  sizeGroup: SizeGroup | null;
  address: Address;
}

/**
 * The eleven parts of the Jobcenter as registered at first start. Size groups by population
 * (IT.NRW, see docs/demo-data.md): LARGE from 70,000, MEDIUM from 37,000, SMALL below. They are
 * board data: the board changes them through `changeDistrictSizeGroup`.
 * Street addresses are illustrative.
 */
export const ELEVEN_UNITS: UnitRegistration[] = [
  district('castrop-rauxel', 'LARGE', 'Europaplatz 1', '44575'),
  district('datteln', 'SMALL', 'Genthiner Straße 8', '45711'),
  district('dorsten', 'LARGE', 'Halterner Straße 5', '46282'),
  district('gladbeck', 'LARGE', 'Willy-Brandt-Platz 2', '45964'),
  district('haltern-am-see', 'MEDIUM', 'Dr.-Conrads-Straße 1', '45721'),
  district('herten', 'MEDIUM', 'Kurt-Schumacher-Straße 2', '45699'),
  district('marl', 'LARGE', 'Creiler Platz 1', '45768'),
  district('oer-erkenschwick', 'SMALL', 'Rathausplatz 1', '45739'),
  district('recklinghausen', 'LARGE', 'Rathausplatz 3', '45657'),
  district('waltrop', 'SMALL', 'Münsterstraße 1', '45731'),
  {
    id: DEPARTMENT_ID,
    kind: 'DEPARTMENT',
    name: 'Fachbereich Jobcenter',
    city: null,
    sizeGroup: null,
    address: { street: 'Kurt-Schumacher-Allee 1', postalCode: '45657', town: 'Recklinghausen' },
  },
];

function district(
  id: CityId,
  sizeGroup: SizeGroup,
  street: string,
  postalCode: string,
): UnitRegistration {
  const city = CITY_NAMES[id];
  return {
    id,
    kind: 'DISTRICT_OFFICE',
    name: `Bezirksstelle ${city}`,
    city,
    sizeGroup,
    address: { street, postalCode, town: city },
  };
}
