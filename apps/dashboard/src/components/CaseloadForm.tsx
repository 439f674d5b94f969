import { useState, type FormEvent } from 'react';
import { parseEuro } from '../format';
import type { CaseloadFigures } from '../gql/graphql';

/** The fields of a month's caseload, by the names the districts service gives them in errors. */
export const CASELOAD_FIELDS = [
  { name: 'figures.benefitHouseholds', label: 'Bedarfsgemeinschaften' },
  { name: 'figures.eligibleJobseekers', label: 'Erwerbsfähige Leistungsberechtigte (eLb)' },
  { name: 'figures.eligibleJobseekersUnder25', label: 'davon unter 25 Jahren' },
  { name: 'figures.longTermRecipients', label: 'davon Langzeitleistungsbeziehende' },
  { name: 'figures.integrations', label: 'Integrationen im Monat' },
] as const;

export const SUBSISTENCE_FIELD = 'figures.subsistenceBenefits';

export interface CaseloadInput {
  month: string;
  figures: CaseloadFigures;
  /** Set for a correction of a month already reported. */
  reason?: string;
}

interface CaseloadFormProps {
  /** Months already reported: entering one of them is a correction and needs a reason. */
  reportedMonths: readonly string[];
  defaultMonth: string;
  maxMonth: string;
  /** Errors the server named by field (`figures.eligibleJobseekersUnder25`, `month`, `reason`). */
  fieldErrors: Record<string, string>;
  /** An error of the whole form. */
  formError?: string | null;
  busy?: boolean;
  onSubmit: (input: CaseloadInput) => void;
}

const fieldId = (name: string) => `field-${name.replace(/\W/g, '-')}`;

function Field({
  name,
  label,
  error,
  children,
}: {
  name: string;
  label: string;
  error?: string;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => React.ReactNode;
}) {
  const id = fieldId(name);
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': Boolean(error),
        'aria-describedby': error ? `${id}-error` : undefined,
      })}
      {error && (
        <p className="error" id={`${id}-error`} data-field-error={name}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The month's caseload form. The service checks the figures; its message appears at the field it
 * names (and in a summary at the top), so the reporter sees what to fix where.
 */
export function CaseloadForm({
  reportedMonths,
  defaultMonth,
  maxMonth,
  fieldErrors,
  formError,
  busy = false,
  onSubmit,
}: CaseloadFormProps) {
  const [month, setMonth] = useState(defaultMonth);
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [euros, setEuros] = useState('');
  const [reason, setReason] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const correction = reportedMonths.includes(month);
  const errors = { ...fieldErrors, ...localErrors };
  const summary = Object.entries(errors);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const figures: Record<string, number> = {};
    for (const field of CASELOAD_FIELDS) {
      const text = (counts[field.name] ?? '').trim();
      if (!/^\d+$/.test(text)) problems[field.name] = 'Eine ganze Zahl ab 0 eintragen';
      else figures[field.name.slice('figures.'.length)] = Number(text);
    }
    const amount = parseEuro(euros);
    if ('error' in amount) problems[SUBSISTENCE_FIELD] = amount.error;
    else figures.subsistenceBenefits = amount.cents;
    if (correction && reason.trim().length === 0)
      problems.reason = 'Bei einer Korrektur den Grund nennen';
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      month,
      figures: figures as CaseloadInput['figures'],
      ...(correction ? { reason } : {}),
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="caseload-form-title">
      <h2 id="caseload-form-title">
        {correction ? 'Korrektur eines gemeldeten Monats' : 'Monat melden'}
      </h2>
      {(summary.length > 0 || formError) && (
        <div className="notice" role="alert" data-testid="form-errors">
          <p>Die Meldung wurde nicht gespeichert:</p>
          <ul>
            {formError && <li>{formError}</li>}
            {summary.map(([name, message]) => (
              <li key={name}>
                <a href={`#${fieldId(name)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Field name="month" label="Monat" error={errors.month}>
        {(props) => (
          <input
            {...props}
            type="month"
            required
            max={maxMonth}
            value={month}
            onChange={(event) => setMonth(event.target.value)}
          />
        )}
      </Field>
      {CASELOAD_FIELDS.map((field) => (
        <Field key={field.name} name={field.name} label={field.label} error={errors[field.name]}>
          {(props) => (
            <input
              {...props}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              required
              value={counts[field.name] ?? ''}
              onChange={(event) => setCounts({ ...counts, [field.name]: event.target.value })}
            />
          )}
        </Field>
      ))}
      <Field
        name={SUBSISTENCE_FIELD}
        label="Leistungen zum Lebensunterhalt im Monat (Euro, ohne Kosten der Unterkunft)"
        error={errors[SUBSISTENCE_FIELD]}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            required
            placeholder="3.160.000,00"
            value={euros}
            onChange={(event) => setEuros(event.target.value)}
          />
        )}
      </Field>
      {correction && (
        <Field name="reason" label="Grund der Korrektur" error={errors.reason}>
          {(props) => (
            <textarea
              {...props}
              required
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </Field>
      )}
      <button type="submit" disabled={busy}>
        {correction ? 'Korrektur speichern' : 'Meldung speichern'}
      </button>
    </form>
  );
}
