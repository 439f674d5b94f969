import { lockName } from '@jobcenter/db';
import type { DataSource, EntityManager } from 'typeorm';
import { Conflict, NotFound } from '@jobcenter/subgraph-server';
import {
  boardCompositionViolations,
  requireSoundBoard,
  type Person,
  type Seat,
  type SeatRole,
  type SizeGroup,
} from '../domain/board';

export interface SeatAssignment {
  seatId: string;
  role: SeatRole;
  sizeGroup: SizeGroup | null;
  memberId: string;
  substituteId: string | null;
}

interface SeatRow {
  id: string;
  role: SeatRole;
  size_group: SizeGroup | null;
  member_id: string;
  substitute_id: string | null;
}

/** The people of the board and its seats (Vorstand). */
export class Board {
  constructor(private readonly dataSource: DataSource) {}

  async people(
    ids?: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Person[]> {
    const rows: { id: string; name: string; office: Person['office']; city_id: string | null }[] =
      ids
        ? await manager.query('SELECT * FROM person WHERE id = ANY($1) ORDER BY name', [[...ids]])
        : await manager.query('SELECT * FROM person ORDER BY name');
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      office: row.office,
      cityId: row.city_id,
    }));
  }

  /** Adds or updates people (the board office keeps them). */
  async savePeople(people: readonly Person[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockBoard(manager);
      for (const person of people) {
        await manager.query(
          `INSERT INTO person (id, name, office, city_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET name = $2, office = $3, city_id = $4`,
          [person.id, person.name, person.office, person.cityId],
        );
      }
      // A seated member's new office or city must still fit the seat.
      const seats = await this.seats(manager);
      if (seats.length > 0) {
        const sizeGroups = await this.sizeGroups(manager);
        requireSoundBoard(seats, (city) => sizeGroups.get(city));
      }
    });
  }

  async seats(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(Seat & { id: string })[]> {
    const rows: SeatRow[] = await manager.query(
      `SELECT * FROM board_seat ORDER BY CASE role WHEN 'CHAIR' THEN 0 WHEN 'DEPUTY_CHAIR' THEN 1 ELSE 2 END,
         CASE size_group WHEN 'SMALL' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END`,
    );
    const people = new Map(
      (
        await this.people(
          rows.flatMap((row) => [row.member_id, row.substitute_id ?? row.member_id]),
          manager,
        )
      ).map((p) => [p.id, p]),
    );
    return rows.map((row) => ({
      id: row.id,
      role: row.role,
      sizeGroup: row.size_group,
      member: people.get(row.member_id)!,
      substitute: row.substitute_id ? people.get(row.substitute_id)! : null,
    }));
  }

  sizeGroups = async (
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, SizeGroup>> =>
    new Map(
      (
        (await manager.query('SELECT id, size_group FROM district_copy')) as {
          id: string;
          size_group: SizeGroup;
        }[]
      ).map((row) => [row.id, row.size_group]),
    );

  /** Lenkungsausschuss: its members (the domain sets no composition rules for it). */
  async steeringCommittee(): Promise<Person[]> {
    const rows: { person_id: string }[] = await this.dataSource.query(
      'SELECT person_id FROM steering_committee_member',
    );
    return rows.length ? this.people(rows.map((row) => row.person_id)) : [];
  }

  async setSteeringCommittee(personIds: readonly string[]): Promise<Person[]> {
    return this.dataSource.transaction(async (manager) => {
      const found = new Set((await this.people(personIds, manager)).map((person) => person.id));
      const missing = personIds.filter((id) => !found.has(id));
      if (missing.length > 0)
        throw new NotFound(`Unknown people: ${missing.join(', ')}`, 'personIds');
      await manager.query('DELETE FROM steering_committee_member');
      for (const id of new Set(personIds))
        await manager.query('INSERT INTO steering_committee_member (person_id) VALUES ($1)', [id]);
      return this.people([...new Set(personIds)], manager);
    });
  }

  /** What is wrong with the board as it is now (e.g. after a city changed its size group); empty when sound. */
  async findings(): Promise<string[]> {
    const sizeGroups = await this.sizeGroups();
    return boardCompositionViolations(await this.seats(), (city) => sizeGroups.get(city));
  }

  /** Replaces the board's seats; refused, changing nothing, when the result breaks the composition. */
  async setSeats(assignments: readonly SeatAssignment[]): Promise<(Seat & { id: string })[]> {
    return this.dataSource.transaction(async (manager) => {
      await lockBoard(manager);
      const ids = assignments.flatMap((seat) => [
        seat.memberId,
        ...(seat.substituteId ? [seat.substituteId] : []),
      ]);
      const people = new Map(
        (await this.people(ids, manager)).map((person) => [person.id, person]),
      );
      const missing = ids.filter((id) => !people.has(id));
      if (missing.length > 0)
        throw new NotFound(`Unknown people: ${missing.join(', ')}`, 'seats.memberId');
      const seats: Seat[] = assignments.map((seat) => ({
        role: seat.role,
        sizeGroup: seat.sizeGroup,
        member: people.get(seat.memberId)!,
        substitute: seat.substituteId ? people.get(seat.substituteId)! : null,
      }));
      const sizeGroups = await this.sizeGroups(manager);
      requireSoundBoard(seats, (city) => sizeGroups.get(city));
      // Seats keep their ids (votes and attendance refer to them): update, add, never delete used ones.
      for (const seat of assignments) {
        await manager.query(
          `INSERT INTO board_seat (id, role, size_group, member_id, substitute_id) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET role = $2, size_group = $3, member_id = $4, substitute_id = $5`,
          [seat.seatId, seat.role, seat.sizeGroup, seat.memberId, seat.substituteId],
        );
      }
      const kept = assignments.map((seat) => seat.seatId);
      await manager.query(
        `DELETE FROM board_seat s WHERE NOT (id = ANY($1))
           AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.seat_id = s.id)`,
        [kept],
      );
      const orphans = await manager.query('SELECT id FROM board_seat WHERE NOT (id = ANY($1))', [
        kept,
      ]);
      if (orphans.length > 0) {
        throw new Conflict(
          `Seats ${orphans.map((row: { id: string }) => row.id).join(', ')} were used in meetings and must stay in the list (give them a new member)`,
          'seats.seatId',
        );
      }
      return this.seats(manager);
    });
  }
}

/** Changes of the board's people and seats one at a time, so each checks the board the other left. */
async function lockBoard(manager: EntityManager): Promise<void> {
  await lockName(manager, 'board');
}
