import type { GovernanceServices } from './application';
import DataLoader from 'dataloader';
import { groupedLoader, keyedLoader } from '@jobcenter/subgraph-server';
import type { EntityManager } from 'typeorm';
import { benchmarkFor } from './application/benchmarking';
import type { Benchmark } from './domain/benchmarking';
import type { Person } from './domain/board';
import type { AgendaItemRecord, AttendanceRecord, MeetingRecord } from './application/meetings';
import type { ResolutionRecord, VoteRecord } from './application/resolutions';
import type { SubmissionRecord } from './application/submissions';
import type { InvitationRecord } from './application/staff-council';
import type { TargetAgreementRecord } from './application/target-agreements';
import type { Seat } from './domain/board';

/** One loader per lookup: one SQL statement for all the keys a request needs. */
const byId = <T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>) =>
  keyedLoader(fetch, (item) => item.id);

export function createLoaders(services: GovernanceServices & { manager: EntityManager }) {
  return {
    /** The board's seats, read once per request. */
    seat: byId<Seat & { id: string }>(async (ids) =>
      (await services.board.seats()).filter((seat) => ids.includes(seat.id)),
    ),
    /** The latest month with caseload of a `districtId|year`. */
    latestMonth: new DataLoader<string, string | null>((keys) =>
      services.targetAgreements.latestMonths(keys),
    ),
    /** Target agreements by `districtId|year` (year empty: all years). */
    targetAgreementsOf: new DataLoader<string, TargetAgreementRecord[]>(async (keys) => {
      const byYear = new Map<string, string[]>();
      for (const key of keys) {
        const [districtId, year = ''] = key.split('|');
        byYear.set(year, [...(byYear.get(year) ?? []), districtId!]);
      }
      const found = new Map<string, TargetAgreementRecord[]>();
      for (const [year, districtIds] of byYear) {
        for (const agreement of await services.targetAgreements.ofDistricts(
          districtIds,
          year ? Number(year) : null,
        )) {
          const key = `${agreement.districtId}|${year}`;
          found.set(key, [...(found.get(key) ?? []), agreement]);
        }
      }
      return keys.map((key) => found.get(key) ?? []);
    }),
    /** One benchmark per month and request, however many districts ask for theirs. */
    benchmark: new DataLoader<string, Benchmark>((months) =>
      Promise.all(months.map((month) => benchmarkFor(services.manager, month))),
    ),
    person: byId<Person>((ids) => services.board.people(ids)),
    submission: byId<SubmissionRecord>((ids) => services.submissions.byIds(ids)),
    meeting: byId<MeetingRecord>((ids) => services.meetings.byIds(ids)),
    resolution: byId<ResolutionRecord>((ids) => services.resolutions.byIds(ids)),
    agendaOfMeeting: groupedLoader<AgendaItemRecord>(
      (ids) => services.meetings.agendaOf(ids),
      (item) => item.meetingId,
    ),
    attendanceOfMeeting: groupedLoader<AttendanceRecord>(
      (ids) => services.meetings.attendanceOf(ids),
      (item) => item.meetingId,
    ),
    guestsOfMeeting: groupedLoader(
      (ids) => services.meetings.guestsOf(ids),
      (item) => item.meetingId,
    ),
    resolutionsOfMeeting: groupedLoader<ResolutionRecord>(
      (ids) => services.resolutions.ofMeetings(ids),
      (item) => item.meetingId,
    ),
    invitationsOfMeeting: groupedLoader<InvitationRecord>(
      (ids) => services.staffCouncil.invitationsOf(ids),
      (item) => item.meetingId,
    ),
    votesOfResolution: groupedLoader<VoteRecord>(
      (ids) => services.resolutions.votesOfMany(ids),
      (item) => item.resolutionId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
