import type { EntityManager } from 'typeorm';
import type { SeatRole } from '../domain/board';
import type { PresentSeat } from '../domain/decision';

export interface AttendanceRecord {
  meetingId: string;
  seatId: string;
  role: SeatRole;
  attendedBy: 'MEMBER' | 'SUBSTITUTE';
  personId: string;
}

/** Who attended held meetings: the seats (`attendance`) and the staff-council guests (`meeting_guest`). */
export class AttendanceRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(entries: readonly AttendanceRecord[]): Promise<void> {
    for (const entry of entries) {
      await this.manager.query(
        'INSERT INTO attendance (meeting_id, seat_id, role, attended_by, person_id) VALUES ($1, $2, $3, $4, $5)',
        [entry.meetingId, entry.seatId, entry.role, entry.attendedBy, entry.personId],
      );
    }
  }

  async insertGuests(meetingId: string, personIds: readonly string[]): Promise<void> {
    for (const personId of personIds) {
      await this.manager.query(
        'INSERT INTO meeting_guest (meeting_id, person_id) VALUES ($1, $2)',
        [meetingId, personId],
      );
    }
  }

  /** The seats present at the meeting, with the person who held each (member or substitute). */
  async presentSeats(meetingId: string): Promise<(PresentSeat & { personId: string })[]> {
    const rows: { seat_id: string; role: PresentSeat['role']; person_id: string }[] =
      await this.manager.query(
        'SELECT seat_id, role, person_id FROM attendance WHERE meeting_id = $1',
        [meetingId],
      );
    return rows.map((row) => ({ seatId: row.seat_id, role: row.role, personId: row.person_id }));
  }

  async ofMeetings(meetingIds: readonly string[]): Promise<AttendanceRecord[]> {
    const rows: {
      meeting_id: string;
      seat_id: string;
      role: SeatRole;
      attended_by: 'MEMBER' | 'SUBSTITUTE';
      person_id: string;
    }[] = await this.manager.query('SELECT * FROM attendance WHERE meeting_id = ANY($1::uuid[])', [
      [...meetingIds],
    ]);
    return rows.map((row) => ({
      meetingId: row.meeting_id,
      seatId: row.seat_id,
      role: row.role,
      attendedBy: row.attended_by,
      personId: row.person_id,
    }));
  }

  async guestsOf(
    meetingIds: readonly string[],
  ): Promise<{ meetingId: string; personId: string }[]> {
    const rows: { meeting_id: string; person_id: string }[] = await this.manager.query(
      'SELECT * FROM meeting_guest WHERE meeting_id = ANY($1::uuid[])',
      [[...meetingIds]],
    );
    return rows.map((row) => ({ meetingId: row.meeting_id, personId: row.person_id }));
  }
}
