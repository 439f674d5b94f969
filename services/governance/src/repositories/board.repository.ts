import type { EntityManager } from 'typeorm';
import { lockName } from '@jobcenter/db';
import type { Office, Person, Seat, SeatRole, SizeGroup } from '../domain/board';

export interface SeatAssignment {
  seatId: string;
  role: SeatRole;
  sizeGroup: SizeGroup | null;
  memberId: string;
  substituteId: string | null;
}

/** Who holds a seat: its member and the substitute who may stand in. */
export interface SeatHolders {
  role: SeatRole;
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

interface PersonRow {
  id: string;
  name: string;
  office: Office;
  city_id: string | null;
}

/** The board's people (`person`), seats (`board_seat`) and steering committee (`steering_committee_member`). */
export class BoardRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Changes of the board's people and seats one at a time, so each checks the board the other left. */
  lock(): Promise<void> {
    return lockName(this.manager, 'board');
  }

  /** The people asked for (all without `ids`), by name. */
  async people(ids?: readonly string[]): Promise<Person[]> {
    const rows: PersonRow[] = ids
      ? await this.manager.query('SELECT * FROM person WHERE id = ANY($1) ORDER BY name', [
          [...ids],
        ])
      : await this.manager.query('SELECT * FROM person ORDER BY name');
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      office: row.office,
      cityId: row.city_id,
    }));
  }

  /** The office of each of the people asked for that exists. */
  async offices(ids: readonly string[]): Promise<Map<string, Office>> {
    const rows: { id: string; office: Office }[] = await this.manager.query(
      'SELECT id, office FROM person WHERE id = ANY($1)',
      [[...ids]],
    );
    return new Map(rows.map((row) => [row.id, row.office]));
  }

  /** The person's office; null when there is no such person. */
  async officeOf(id: string): Promise<Office | null> {
    const [person] = await this.manager.query('SELECT office FROM person WHERE id = $1', [id]);
    return person?.office ?? null;
  }

  /** Adds the person or updates them. */
  async savePerson(person: Person): Promise<void> {
    await this.manager.query(
      `INSERT INTO person (id, name, office, city_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET name = $2, office = $3, city_id = $4`,
      [person.id, person.name, person.office, person.cityId],
    );
  }

  /** The seats with their people: chair, deputy, then the city representatives by size group. */
  async seats(): Promise<(Seat & { id: string })[]> {
    const rows: SeatRow[] = await this.manager.query(
      `SELECT * FROM board_seat ORDER BY CASE role WHEN 'CHAIR' THEN 0 WHEN 'DEPUTY_CHAIR' THEN 1 ELSE 2 END,
         CASE size_group WHEN 'SMALL' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END`,
    );
    const people = new Map(
      (
        await this.people(
          rows.flatMap((row) => [row.member_id, row.substitute_id ?? row.member_id]),
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

  /** Who holds each seat, by seat id. */
  async seatHolders(): Promise<Map<string, SeatHolders>> {
    const rows: Pick<SeatRow, 'id' | 'role' | 'member_id' | 'substitute_id'>[] =
      await this.manager.query('SELECT id, role, member_id, substitute_id FROM board_seat');
    return new Map(
      rows.map((seat) => [
        seat.id,
        { role: seat.role, memberId: seat.member_id, substituteId: seat.substitute_id },
      ]),
    );
  }

  /** Adds the seat or gives it its new holders (a seat keeps its id). */
  async saveSeat(seat: SeatAssignment): Promise<void> {
    await this.manager.query(
      `INSERT INTO board_seat (id, role, size_group, member_id, substitute_id) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET role = $2, size_group = $3, member_id = $4, substitute_id = $5`,
      [seat.seatId, seat.role, seat.sizeGroup, seat.memberId, seat.substituteId],
    );
  }

  /**
   * Deletes the seats not kept that no meeting's attendance refers to; returns the ids of those
   * not kept that remain (used in meetings).
   */
  async deleteSeatsExcept(kept: readonly string[]): Promise<string[]> {
    await this.manager.query(
      `DELETE FROM board_seat s WHERE NOT (id = ANY($1))
           AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.seat_id = s.id)`,
      [kept],
    );
    const orphans: { id: string }[] = await this.manager.query(
      'SELECT id FROM board_seat WHERE NOT (id = ANY($1))',
      [kept],
    );
    return orphans.map((row) => row.id);
  }

  async steeringCommitteeIds(): Promise<string[]> {
    const rows: { person_id: string }[] = await this.manager.query(
      'SELECT person_id FROM steering_committee_member',
    );
    return rows.map((row) => row.person_id);
  }

  /** Makes these people the steering committee's members. */
  async replaceSteeringCommittee(personIds: Iterable<string>): Promise<void> {
    await this.manager.query('DELETE FROM steering_committee_member');
    for (const id of personIds)
      await this.manager.query('INSERT INTO steering_committee_member (person_id) VALUES ($1)', [
        id,
      ]);
  }
}
