import { RuleViolation } from '@jobcenter/subgraph-server';
import {
  boardCompositionViolations,
  requireSoundBoard,
  type Person,
  type Seat,
  type SizeGroup,
} from '../src/domain/board';

const person = (id: string, office: Person['office'], cityId: string | null = null): Person => ({
  id,
  name: id,
  office,
  cityId,
});
const sizeGroups: Record<string, SizeGroup> = {
  datteln: 'SMALL',
  waltrop: 'SMALL',
  herten: 'MEDIUM',
  marl: 'LARGE',
};
const sizeGroupOf = (city: string) => sizeGroups[city];

const aSoundBoard = (): Seat[] => [
  { role: 'CHAIR', sizeGroup: null, member: person('landrat', 'LANDRAT'), substitute: null },
  {
    role: 'DEPUTY_CHAIR',
    sizeGroup: null,
    member: person('fb', 'HEAD_OF_DEPARTMENT'),
    substitute: null,
  },
  {
    role: 'CITY_REPRESENTATIVE',
    sizeGroup: 'SMALL',
    member: person('sd-datteln', 'SOCIAL_DEZERNENT', 'datteln'),
    substitute: person('bm-datteln', 'MAYOR', 'datteln'),
  },
  {
    role: 'CITY_REPRESENTATIVE',
    sizeGroup: 'MEDIUM',
    member: person('sd-herten', 'SOCIAL_DEZERNENT', 'herten'),
    substitute: null,
  },
  {
    role: 'CITY_REPRESENTATIVE',
    sizeGroup: 'LARGE',
    member: person('sd-marl', 'SOCIAL_DEZERNENT', 'marl'),
    substitute: person('bm-marl', 'MAYOR', 'marl'),
  },
];

describe('board composition', () => {
  it('accepts the Landrat, the head of the Fachbereich and one representative per size group', () => {
    expect(boardCompositionViolations(aSoundBoard(), sizeGroupOf)).toEqual([]);
  });

  it('refuses a chair who is not the Landrat and a second deputy', () => {
    const board = aSoundBoard();
    board[0] = { ...board[0]!, member: person('someone', 'OTHER') };
    board.push({
      role: 'DEPUTY_CHAIR',
      sizeGroup: null,
      member: person('fb2', 'HEAD_OF_DEPARTMENT'),
      substitute: null,
    });
    const problems = boardCompositionViolations(board, sizeGroupOf);
    expect(problems).toContain('the chair must be the Landrat, not someone');
    expect(problems).toContain('the board needs exactly one deputy chair, has 2');
  });

  it('refuses a representative whose city is not in the size group they represent', () => {
    const board = aSoundBoard();
    board[3] = { ...board[3]!, member: person('sd-waltrop', 'SOCIAL_DEZERNENT', 'waltrop') };
    expect(boardCompositionViolations(board, sizeGroupOf)).toEqual([
      'sd-waltrop cannot represent the medium cities: waltrop is small',
    ]);
  });

  it('refuses a missing size group and two representatives of one', () => {
    const board = aSoundBoard();
    board[4] = {
      ...board[4]!,
      sizeGroup: 'SMALL',
      member: person('sd-waltrop', 'SOCIAL_DEZERNENT', 'waltrop'),
      substitute: null,
    };
    const problems = boardCompositionViolations(board, sizeGroupOf);
    expect(problems).toContain('the small cities need exactly one representative, have 2');
    expect(problems).toContain('the large cities need exactly one representative, have 0');
  });

  it('allows only the mayor of the same city as substitute', () => {
    const board = aSoundBoard();
    board[2] = { ...board[2]!, substitute: person('bm-marl', 'MAYOR', 'marl') };
    expect(boardCompositionViolations(board, sizeGroupOf)).toEqual([
      'bm-marl cannot substitute sd-datteln: only the mayor of datteln can',
    ]);
  });

  it('refuses a representative who is not a Sozialdezernent', () => {
    const board = aSoundBoard();
    board[3] = { ...board[3]!, member: person('bm-herten', 'MAYOR', 'herten') };
    expect(boardCompositionViolations(board, sizeGroupOf)).toEqual([
      "bm-herten is not a city's Sozialdezernent and cannot represent cities",
    ]);
  });

  it('throws one error naming every violation', () => {
    const board = aSoundBoard().slice(0, 2);
    expect(() => requireSoundBoard(board, sizeGroupOf)).toThrow(RuleViolation);
    expect(() => requireSoundBoard(board, sizeGroupOf)).toThrow(
      /small cities need exactly one representative, have 0; the medium/,
    );
  });
});
