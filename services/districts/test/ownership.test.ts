import { Misdirected, RuleViolation } from '@jobcenter/subgraph-server';
import { parseOwnership, requireOwned, serves } from '../src/domain/ownership';

describe('instance ownership', () => {
  it('owns every district and hosts the Fachbereich by default (the central instance)', () => {
    const central = parseOwnership('all');
    expect(central.districtIds).toHaveLength(10);
    expect(central.hostsDepartment).toBe(true);
    expect(serves(central, { id: 'fachbereich-jobcenter', kind: 'DEPARTMENT' })).toBe(true);
  });

  it('owns one city for a city instance, without the Fachbereich', () => {
    const marl = parseOwnership('marl');
    expect(marl.districtIds).toEqual(['marl']);
    expect(marl.hostsDepartment).toBe(false);
    expect(marl.ownsDistrict('herten')).toBe(false);
    expect(serves(marl, { id: 'fachbereich-jobcenter', kind: 'DEPARTMENT' })).toBe(false);
  });

  it('leaves a city out of the central instance with -id', () => {
    const central = parseOwnership('all,-marl');
    expect(central.districtIds).toHaveLength(9);
    expect(central.ownsDistrict('marl')).toBe(false);
    expect(central.hostsDepartment).toBe(true);
    expect(central.description).not.toContain('marl');
  });

  it('refuses unknown districts and exclusions without "all"', () => {
    expect(() => parseOwnership('marl,atlantis')).toThrow(RuleViolation);
    expect(() => parseOwnership('marl,atlantis')).toThrow(/"atlantis" is not a district/);
    expect(() => parseOwnership('-marl')).toThrow(/only makes sense after "all"/);
    expect(() => parseOwnership(' , ')).toThrow(/at least one/);
  });

  it('refuses a write for another instance’s district, naming what it serves', () => {
    const marl = parseOwnership('marl,herten');
    expect(() => requireOwned(marl, 'marl')).not.toThrow();
    expect(() => requireOwned(marl, 'datteln')).toThrow(Misdirected);
    expect(() => requireOwned(marl, 'datteln')).toThrow(
      /serves herten, marl; "datteln" is not served here/,
    );
  });
});
