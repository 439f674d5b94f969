import type { DataSource } from 'typeorm';
import {
  boardCompositionViolations,
  requireKnownPeople,
  requireSoundBoard,
  requireUsedSeatsKept,
  type Person,
  type Seat,
} from '../domain/board';
import { BoardRepository, type SeatAssignment } from '../repositories/board.repository';
import { DistrictsRepository } from '../repositories/districts.repository';

export type { SeatAssignment };

/** The people of the board and its seats (Vorstand). */
export class Board {
  constructor(private readonly dataSource: DataSource) {}

  people(ids?: readonly string[]): Promise<Person[]> {
    return new BoardRepository(this.dataSource.manager).people(ids);
  }

  /** Adds or updates people (the board office keeps them). */
  async savePeople(people: readonly Person[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const board = new BoardRepository(manager);
      await board.lock();
      for (const person of people) await board.savePerson(person);
      // A seated member's new office or city must still fit the seat.
      const seats = await board.seats();
      if (seats.length > 0) {
        const sizeGroups = await new DistrictsRepository(manager).sizeGroups();
        requireSoundBoard(seats, (city) => sizeGroups.get(city));
      }
    });
  }

  seats(): Promise<(Seat & { id: string })[]> {
    return new BoardRepository(this.dataSource.manager).seats();
  }

  /** Lenkungsausschuss: its members (the domain sets no composition rules for it). */
  async steeringCommittee(): Promise<Person[]> {
    const board = new BoardRepository(this.dataSource.manager);
    const ids = await board.steeringCommitteeIds();
    return ids.length ? board.people(ids) : [];
  }

  async setSteeringCommittee(personIds: readonly string[]): Promise<Person[]> {
    return this.dataSource.transaction(async (manager) => {
      const board = new BoardRepository(manager);
      const found = new Set((await board.people(personIds)).map((person) => person.id));
      requireKnownPeople(personIds, found, 'personIds');
      await board.replaceSteeringCommittee(new Set(personIds));
      return board.people([...new Set(personIds)]);
    });
  }

  /** What is wrong with the board as it is now (e.g. after a city changed its size group); empty when sound. */
  async findings(): Promise<string[]> {
    const sizeGroups = await new DistrictsRepository(this.dataSource.manager).sizeGroups();
    return boardCompositionViolations(await this.seats(), (city) => sizeGroups.get(city));
  }

  /** Replaces the board's seats; refused, changing nothing, when the result breaks the composition. */
  async setSeats(assignments: readonly SeatAssignment[]): Promise<(Seat & { id: string })[]> {
    return this.dataSource.transaction(async (manager) => {
      const board = new BoardRepository(manager);
      await board.lock();
      const ids = assignments.flatMap((seat) => [
        seat.memberId,
        ...(seat.substituteId ? [seat.substituteId] : []),
      ]);
      const people = new Map((await board.people(ids)).map((person) => [person.id, person]));
      requireKnownPeople(ids, people, 'seats.memberId');
      const seats: Seat[] = assignments.map((seat) => ({
        role: seat.role,
        sizeGroup: seat.sizeGroup,
        member: people.get(seat.memberId)!,
        substitute: seat.substituteId ? people.get(seat.substituteId)! : null,
      }));
      const sizeGroups = await new DistrictsRepository(manager).sizeGroups();
      requireSoundBoard(seats, (city) => sizeGroups.get(city));
      // Seats keep their ids (votes and attendance refer to them): update, add, never delete used ones.
      for (const seat of assignments) await board.saveSeat(seat);
      requireUsedSeatsKept(await board.deleteSeatsExcept(assignments.map((seat) => seat.seatId)));
      return board.seats();
    });
  }
}
