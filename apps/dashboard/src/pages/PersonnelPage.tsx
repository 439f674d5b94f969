import { useQuery } from 'urql';
import { may } from '../auth/permissions';
import { useSession } from '../auth/session-context';
import { FigureTable } from '../components/FigureTable';
import { Loading } from '../components/Loading';
import { Missing, PartialNotice } from '../components/PartialNotice';
import { count, dateLabel, fte } from '../format';
import { graphql } from '../gql';
import {
  ADVERTISEMENT_SCOPE,
  CONSENT_PARTY,
  EMPLOYER,
  label,
  POSITION,
  STAFF_FUNCTION,
  TRANSFER_KIND,
  TRANSFER_STATUS,
} from '../labels';

/** The Fachbereich Jobcenter: the unit of the county's own posts. */
const DEPARTMENT_ID = 'fachbereich-jobcenter';

const PERSONNEL = graphql(`
  query PersonnelPage(
    $departmentId: ID!
    $withPosts: Boolean!
    $withTransfers: Boolean!
    $withAppointments: Boolean!
  ) {
    districts {
      id
      name
      staff {
        function
        headcount
        fte
      }
      staffingRequirement {
        benefits {
          ...CaseworkFigures
        }
        integration {
          ...CaseworkFigures
        }
      }
      advertised: posts(status: ADVERTISED) @include(if: $withPosts) {
        id
        reference
        function
        fte
        advertisements {
          id
          scope
          publishedOn
          closesOn
        }
      }
    }
    departmentPosts: posts(unitId: $departmentId, status: ADVERTISED) @include(if: $withPosts) {
      id
      reference
      function
      fte
      advertisements {
        id
        scope
        publishedOn
        closesOn
      }
    }
    units {
      id
      name
      kind
    }
    transfers @include(if: $withTransfers) {
      id
      kind
      status
      from
      to
      reason
      createdAt
      employee {
        personnelNumber
        name
      }
      post {
        reference
      }
      consents {
        party
        consent
      }
    }
    appointments(status: PENDING) @include(if: $withAppointments) {
      id
      position
      proposedAt
      candidate {
        personnelNumber
        name
      }
      post {
        reference
        district {
          name
        }
      }
    }
  }
`);

const consentText = (consent: boolean | null | undefined) =>
  consent === true ? 'zugestimmt' : consent === false ? 'abgelehnt' : 'offen';

/** Personal: staff counts and gaps, county-wide advertisements, transfers, appointments. */
export function PersonnelPage() {
  const session = useSession();
  const [{ data, error, fetching }] = useQuery({
    query: PERSONNEL,
    variables: {
      departmentId: DEPARTMENT_ID,
      withPosts: may(session, 'posts'),
      withTransfers: may(session, 'transfers'),
      withAppointments: may(session, 'appointments'),
    },
  });
  if (!data && fetching) return <Loading />;
  const districts = data?.districts ?? [];
  const department = data?.units.find((unit) => unit.kind === 'DEPARTMENT');
  const advertised = [
    ...(data?.departmentPosts ?? []).map((post) => ({ ...post, district: department?.name ?? '' })),
    ...districts.flatMap((district) =>
      (district.advertised ?? []).map((post) => ({ ...post, district: district.name })),
    ),
  ];
  return (
    <>
      <h1>Personal</h1>
      <PartialNotice error={error} />
      <section aria-labelledby="counts">
        <h2 id="counts">Personal der Bezirksstellen</h2>
        <FigureTable
          caption="Köpfe und VZÄ je Bezirksstelle, Soll und Lücke"
          captionHidden
          testId="staff-counts"
          columns={[
            'Bezirksstelle',
            'Köpfe',
            'VZÄ',
            'Leistung Soll / Ist / Lücke',
            'Integration Soll / Ist / Lücke',
          ]}
        >
          {districts.map((district) => {
            const requirement = district.staffingRequirement;
            return (
              <tr key={district.id}>
                <th scope="row">{district.name}</th>
                <td className="number">
                  {count(district.staff.reduce((sum, row) => sum + row.headcount, 0))}
                </td>
                <td className="number">
                  {fte(district.staff.reduce((sum, row) => sum + row.fte, 0))}
                </td>
                {requirement ? (
                  <>
                    <td className="number">
                      {fte(requirement.benefits.requiredFte)} / {fte(requirement.benefits.heldFte)}{' '}
                      / {fte(requirement.benefits.gapFte)}
                    </td>
                    <td className="number">
                      {fte(requirement.integration.requiredFte)} /{' '}
                      {fte(requirement.integration.heldFte)} / {fte(requirement.integration.gapFte)}
                    </td>
                  </>
                ) : (
                  <td colSpan={2}>
                    <Missing what="Personalbedarf" />
                  </td>
                )}
              </tr>
            );
          })}
        </FigureTable>
      </section>
      {data?.districts && may(session, 'posts') && (
        <section aria-labelledby="advertised">
          <h2 id="advertised">Ausgeschriebene Stellen (kreisweit)</h2>
          {advertised.length === 0 ? (
            <p>Keine Stelle ist ausgeschrieben.</p>
          ) : (
            <FigureTable columns={['Stelle', 'Einheit', 'Funktion', 'Ausschreibung']}>
              {advertised.map((post) => (
                <tr key={post.id}>
                  <td>{post.reference}</td>
                  <td>{post.district}</td>
                  <td>
                    {label(STAFF_FUNCTION, post.function)} ({fte(post.fte)} VZÄ)
                  </td>
                  <td>
                    {post.advertisements
                      .map(
                        (ad) =>
                          `${label(ADVERTISEMENT_SCOPE, ad.scope)} ${dateLabel(ad.publishedOn)}–${dateLabel(ad.closesOn)}`,
                      )
                      .join('; ')}
                  </td>
                </tr>
              ))}
            </FigureTable>
          )}
        </section>
      )}
      {data?.transfers && (
        <section aria-labelledby="transfers">
          <h2 id="transfers">Überleitungen zwischen Kreis und Städten</h2>
          {data.transfers.length === 0 ? (
            <p>Keine Überleitungen.</p>
          ) : (
            <FigureTable columns={['Art', 'Wer/was', 'Von → nach', 'Zustimmungen', 'Stand']}>
              {data.transfers.map((transfer) => (
                <tr key={transfer.id}>
                  <td>{label(TRANSFER_KIND, transfer.kind)}</td>
                  <td>
                    {transfer.employee
                      ? `${transfer.employee.name ?? 'Name nicht freigegeben'} (${transfer.employee.personnelNumber})`
                      : (transfer.post?.reference ?? '–')}
                  </td>
                  <td>
                    {label(EMPLOYER, transfer.from)} → {label(EMPLOYER, transfer.to)}
                  </td>
                  <td>
                    {transfer.kind === 'VOLUNTARY'
                      ? transfer.consents
                          .map(
                            (consent) =>
                              `${label(CONSENT_PARTY, consent.party)}: ${consentText(consent.consent)}`,
                          )
                          .join(', ')
                      : 'nicht nötig'}
                  </td>
                  <td>{label(TRANSFER_STATUS, transfer.status)}</td>
                </tr>
              ))}
            </FigureTable>
          )}
        </section>
      )}
      {data?.appointments && (
        <section aria-labelledby="appointments">
          <h2 id="appointments">Leitungsbesetzungen im Benehmen mit dem Vorstand</h2>
          {data.appointments.length === 0 ? (
            <p>Keine wartet auf den Vorstand.</p>
          ) : (
            <ul>
              {data.appointments.map((appointment) => (
                <li key={appointment.id}>
                  {label(POSITION, appointment.position)}
                  {appointment.post.district ? ` ${appointment.post.district.name}` : ''} (
                  {appointment.post.reference}):{' '}
                  {appointment.candidate.name ?? 'Name nicht freigegeben'} (
                  {appointment.candidate.personnelNumber}), vorgeschlagen am{' '}
                  {dateLabel(appointment.proposedAt)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
