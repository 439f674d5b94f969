import { Conflict, RuleViolation } from '@jobcenter/subgraph-server';
import {
  decideTransfer,
  parseTransferReason,
  type AnswerStep,
  type FluctuationStep,
} from '../src/domain/transfers';
import { refusal } from './support/refusal';

describe('transfer by fluctuation (rule 9)', () => {
  const post = (overrides: Partial<FluctuationStep['post']> = {}): FluctuationStep['post'] => ({
    reference: 'ST-MARL-0007',
    unitId: 'marl',
    function: 'BENEFITS_CASEWORK',
    employerSide: 'KREIS',
    status: 'VACANT',
    pendingAppointment: false,
    ...overrides,
  });
  const fluctuation = (p: FluctuationStep['post']) =>
    decideTransfer({ step: 'FLUCTUATION', post: p });

  it('moves a vacant Kreis post to the city of its Bezirksstelle, completed at once', () => {
    expect(fluctuation(post())).toEqual({
      kind: 'FLUCTUATION',
      status: 'COMPLETED',
      postSide: 'CITY',
      from: 'KREIS',
      to: 'marl',
      city: 'marl',
    });
  });

  it('moves an advertised city post to the Kreis', () => {
    expect(
      fluctuation(post({ employerSide: 'CITY', status: 'ADVERTISED', unitId: 'herten' })),
    ).toEqual({
      kind: 'FLUCTUATION',
      status: 'COMPLETED',
      postSide: 'KREIS',
      from: 'herten',
      to: 'KREIS',
      city: 'herten',
    });
  });

  it('refuses a filled post: a person moves only by a voluntary transfer', () => {
    expect(refusal(() => fluctuation(post({ status: 'FILLED' })))).toEqual({
      type: RuleViolation,
      message:
        'post ST-MARL-0007 is filled: by fluctuation only a post that fell vacant changes side; a person moves only by a voluntary transfer',
      field: 'postId',
    });
  });

  it('refuses a post that awaits a leadership appointment', () => {
    expect(refusal(() => fluctuation(post({ pendingAppointment: true })))).toEqual({
      type: Conflict,
      message: 'post ST-MARL-0007 awaits a leadership appointment',
      field: 'postId',
    });
  });

  it('refuses a side that may not employ there: Fachbereich posts and central tasks stay with the Kreis', () => {
    expect(() => fluctuation(post({ unitId: 'fachbereich-jobcenter', function: 'IT' }))).toThrow(
      /posts of the Fachbereich are Kreis posts/,
    );
    expect(() => fluctuation(post({ function: 'EMPLOYER_SERVICE' }))).toThrow(/central task/);
  });
});

describe('proposing a voluntary transfer (rule 9)', () => {
  const employee = {
    id: 'e1',
    employer: 'KREIS' as const,
    workplace: 'marl',
    function: 'INTEGRATION_CASEWORK' as const,
    active: true,
  };

  it('opens a transfer between the Kreis and the city of the Bezirksstelle', () => {
    expect(decideTransfer({ step: 'PROPOSAL', employee, to: 'marl' })).toEqual({
      kind: 'VOLUNTARY',
      status: 'OPEN',
      from: 'KREIS',
      to: 'marl',
      city: 'marl',
    });
    expect(
      decideTransfer({
        step: 'PROPOSAL',
        employee: { ...employee, employer: 'marl' },
        to: 'KREIS',
      }),
    ).toEqual({ kind: 'VOLUNTARY', status: 'OPEN', from: 'marl', to: 'KREIS', city: 'marl' });
  });

  it('refuses a former employee, the same employer and a move from city to city', () => {
    expect(
      refusal(() =>
        decideTransfer({ step: 'PROPOSAL', employee: { ...employee, active: false }, to: 'marl' }),
      ),
    ).toEqual({ type: RuleViolation, message: 'employee e1 is not employed', field: 'employeeId' });
    expect(() => decideTransfer({ step: 'PROPOSAL', employee, to: 'KREIS' })).toThrow(
      'employee e1 is already employed by KREIS',
    );
    expect(() =>
      decideTransfer({
        step: 'PROPOSAL',
        employee: { ...employee, employer: 'marl' },
        to: 'herten',
      }),
    ).toThrow(/not from one city to another/);
  });
});

describe('answering a transfer (rule 9)', () => {
  const transfer: AnswerStep['transfer'] = {
    id: 't1',
    kind: 'VOLUNTARY',
    status: 'OPEN',
    consents: {},
    employeeId: 'e1',
    toEmployer: 'marl',
  };
  const answerOf = (t: AnswerStep['transfer'], party: AnswerStep['party'], consent: boolean) =>
    decideTransfer({ step: 'ANSWER', transfer: t, party, consent });

  it('moves nothing before the third consent', () => {
    expect(answerOf(transfer, 'EMPLOYEE', true)).toEqual({
      status: 'OPEN',
      consents: { EMPLOYEE: true },
      move: null,
    });
    expect(answerOf({ ...transfer, consents: { EMPLOYEE: true } }, 'KREIS', true).move).toBeNull();
  });

  it('with the third consent moves the employee to the new employer and their posts to its side', () => {
    const twoAgreed = { ...transfer, consents: { EMPLOYEE: true, KREIS: true } };
    expect(answerOf(twoAgreed, 'CITY', true)).toEqual({
      status: 'COMPLETED',
      consents: { EMPLOYEE: true, KREIS: true, CITY: true },
      move: { employeeId: 'e1', to: 'marl', postSide: 'CITY' },
    });
    expect(answerOf({ ...twoAgreed, toEmployer: 'KREIS' }, 'CITY', true).move?.postSide).toBe(
      'KREIS',
    );
  });

  it('ends with a refusal and moves nothing', () => {
    expect(answerOf(transfer, 'CITY', false)).toEqual({
      status: 'REFUSED',
      consents: { CITY: false },
      move: null,
    });
  });

  it('needs no consent for a transfer by fluctuation, and takes no answer after the end', () => {
    expect(refusal(() => answerOf({ ...transfer, kind: 'FLUCTUATION' }, 'CITY', true))).toEqual({
      type: RuleViolation,
      message: 'a transfer by fluctuation needs no consent',
      field: 'transferId',
    });
    expect(refusal(() => answerOf({ ...transfer, status: 'COMPLETED' }, 'CITY', true))).toEqual({
      type: Conflict,
      message: 'transfer t1 is completed',
      field: 'transferId',
    });
    expect(() => answerOf({ ...transfer, consents: { CITY: true } }, 'CITY', false)).toThrow(
      /city has already answered transfer t1/,
    );
  });
});

describe('the reason of a transfer', () => {
  it('is 3 to 2000 characters, trimmed', () => {
    expect(parseTransferReason('  Wechsel  ')).toBe('Wechsel');
    expect(refusal(() => parseTransferReason(' ab '))).toEqual({
      type: RuleViolation,
      message: 'a reason has 3 to 2000 characters',
      field: 'reason',
    });
    expect(() => parseTransferReason('x'.repeat(2001))).toThrow(/3 to 2000/);
  });
});
