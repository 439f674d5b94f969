import { Conflict, NotFound } from '@jobcenter/subgraph-server';
import { requireKnownPeople, requireUsedSeatsKept } from '../src/domain/board';

describe("changes of the board's people and seats (pure rules)", () => {
  it('names every unknown person, in the order given', () => {
    const known = new Set(['landrat', 'fb']);
    expect(() => requireKnownPeople(['landrat', 'fb'], known, 'personIds')).not.toThrow();
    let error: NotFound | undefined;
    try {
      requireKnownPeople(['x', 'landrat', 'y'], known, 'seats.memberId');
    } catch (thrown) {
      error = thrown as NotFound;
    }
    expect(error).toBeInstanceOf(NotFound);
    expect(error?.message).toBe('Unknown people: x, y');
    expect(error?.field).toBe('seats.memberId');
  });

  it('keeps the seats meetings used', () => {
    expect(() => requireUsedSeatsKept([])).not.toThrow();
    expect(() => requireUsedSeatsKept(['old-seat', 'other'])).toThrow(
      new Conflict(
        'Seats old-seat, other were used in meetings and must stay in the list (give them a new member)',
        'seats.seatId',
      ),
    );
  });
});
