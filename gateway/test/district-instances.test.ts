import { parseDistrictRouting } from '../src/district-instances';

const marl = { name: 'marl', url: 'http://marl:4101/graphql', districts: ['marl'] };
const central = { name: 'central', url: 'http://districts:4101/graphql', districts: '*' };

describe('district instance routing configuration', () => {
  it('routes a named district to its instance and every other one to "*"', () => {
    const routing = parseDistrictRouting(JSON.stringify([marl, central]));
    expect(routing.ownerOf('marl').name).toBe('marl');
    expect(routing.ownerOf('herten').name).toBe('central');
    expect(routing.central.name).toBe('central');
  });

  it('lets another instance host the Fachbereich when it says so', () => {
    const routing = parseDistrictRouting(JSON.stringify([{ ...marl, department: true }, central]));
    expect(routing.central.name).toBe('marl');
  });

  it.each([
    ['not JSON', '[{', /is not valid JSON/],
    ['no "*" instance', JSON.stringify([marl]), /exactly one instance must own "\*"/],
    ['two "*" instances', JSON.stringify([central, { ...central, name: 'other' }]), /found 2/],
    [
      'a district owned twice',
      JSON.stringify([marl, { ...marl, name: 'marl2' }, central]),
      /"marl" is owned by both "marl" and "marl2"/,
    ],
    [
      'a name used twice',
      JSON.stringify([marl, { ...central, name: 'marl' }]),
      /the name "marl" is used twice/,
    ],
    ['a bad URL', JSON.stringify([{ ...central, url: 'nowhere' }]), /0\.url/],
    ['an unknown key', JSON.stringify([{ ...central, owner: 'x' }]), /0: Unrecognized key/],
  ])('refuses %s with a clear message', (_case, json, message) => {
    expect(() => parseDistrictRouting(json)).toThrow(message);
  });
});
