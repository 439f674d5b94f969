import { Conflict, NotFound, RuleViolation } from '@jobcenter/subgraph-server';
import type { Benchmark } from '../src/domain/benchmarking';
import {
  controlAgreement,
  requireConcludable,
  validateDraft,
  type TargetAgreementDraft,
} from '../src/domain/target-agreements';

const aDraft = (overrides: Partial<TargetAgreementDraft> = {}): TargetAgreementDraft => ({
  districtId: 'marl',
  year: 2026,
  houseOfSocialServicesScope: 'Leistungsgewährung und Beratung',
  guideScope: 'Lotsen im Sozialraum',
  targets: [{ indicator: 'INTEGRATION_RATE', targetValue: 18 }],
  ...overrides,
});

const result = (value: number | null) => ({ value, rank: null, missingReason: null });
const aBenchmark = (districtId: string, k2: number | null): Benchmark => ({
  month: '2026-05',
  districts: [{ districtId, k1: result(null), k2: result(k2), k3: result(null) }],
  county: {
    k1: { value: null, districtsCovered: 0, missingReason: null },
    k2: { value: k2, districtsCovered: 1, missingReason: null },
    k3: { value: null, districtsCovered: 0, missingReason: null },
  },
});

describe('target agreements: drafts, conclusion and controlling (pure rules)', () => {
  it('accepts a draft with targets, a year and both scopes', () => {
    expect(() => validateDraft(aDraft())).not.toThrow();
    expect(() => validateDraft(aDraft({ targets: [] }))).toThrow(
      'A target agreement needs at least one target',
    );
    for (const year of [1999, 2101, 2026.5])
      expect(() => validateDraft(aDraft({ year }))).toThrow(
        new RuleViolation('year must be a year', 'year'),
      );
    expect(() => validateDraft(aDraft({ houseOfSocialServicesScope: '  ' }))).toThrow(
      'Name the scope of the Haus der sozialen Leistungen',
    );
    expect(() => validateDraft(aDraft({ guideScope: 'ab' }))).toThrow(
      'Name the scope of the Lotse function',
    );
  });

  it('concludes an existing draft once', () => {
    expect(() => requireConcludable('ta-1', 'DRAFT')).not.toThrow();
    expect(() => requireConcludable('ta-1', null)).toThrow(
      new NotFound(
        'The resolution names target agreement ta-1, which does not exist',
        'proposal.targetAgreementId',
      ),
    );
    expect(() => requireConcludable('ta-1', null)).toThrow(NotFound);
    expect(() => requireConcludable('ta-1', 'CONCLUDED')).toThrow(Conflict);
  });

  it("controls each target against the district's own benchmark of the latest month", () => {
    const agreement = {
      districtId: 'marl',
      targets: [{ id: 't-1', indicator: 'INTEGRATION_RATE' as const, targetValue: 18 }],
    };
    expect(controlAgreement(agreement, '2026-05', aBenchmark('marl', 19))).toEqual([
      {
        targetId: 't-1',
        actualValue: 19,
        status: 'ON_TRACK',
        explanation: '2026-05: 19 against the target 18 (higher is better)',
      },
    ]);
    // Another district's figures, or no month with caseload yet: no data.
    expect(controlAgreement(agreement, '2026-05', aBenchmark('herten', 19))[0]!.status).toBe(
      'NO_DATA',
    );
    expect(controlAgreement(agreement, null, aBenchmark('marl', 19))[0]!.status).toBe('NO_DATA');
  });
});
