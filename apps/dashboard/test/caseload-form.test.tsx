import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CaseloadForm, type CaseloadInput } from '../src/components/CaseloadForm';

afterEach(cleanup);

const fill = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

function fillValidMonth() {
  fill('Bedarfsgemeinschaften', '5100');
  fill('Erwerbsfähige Leistungsberechtigte (eLb)', '7100');
  fill('davon unter 25 Jahren', '1500');
  fill('davon Langzeitleistungsbeziehende', '4500');
  fill('Integrationen im Monat', '110');
  fill(/Leistungen zum Lebensunterhalt/, '3.160.000,55');
}

const renderForm = (props: Partial<Parameters<typeof CaseloadForm>[0]> = {}) => {
  const onSubmit = vi.fn<(input: CaseloadInput) => void>();
  render(
    <CaseloadForm
      reportedMonths={['2026-10']}
      defaultMonth="2026-11"
      maxMonth="2026-11"
      fieldErrors={{}}
      onSubmit={onSubmit}
      {...props}
    />,
  );
  return onSubmit;
};

describe('the caseload form’s error display', () => {
  it('shows the server’s message at the field it names, marks only that field, and lists it above', () => {
    const message = 'eligibleJobseekersUnder25 (9000) cannot exceed eligibleJobseekers (7100)';
    renderForm({ fieldErrors: { 'figures.eligibleJobseekersUnder25': message } });
    const under25 = screen.getByLabelText('davon unter 25 Jahren');
    expect(under25.getAttribute('aria-invalid')).toBe('true');
    const description = document.getElementById(under25.getAttribute('aria-describedby')!);
    expect(description?.textContent).toBe(message);
    expect(
      screen
        .getByLabelText('Erwerbsfähige Leistungsberechtigte (eLb)')
        .getAttribute('aria-invalid'),
    ).toBe('false');
    const summary = screen.getByTestId('form-errors');
    expect(summary.getAttribute('role')).toBe('alert');
    const link = screen.getByRole('link', { name: message });
    expect(link.getAttribute('href')).toBe(`#${under25.id}`);
  });

  it('shows an error of the whole form (e.g. another city’s district) in the summary', () => {
    renderForm({ formError: 'Reporting caseload: staff of marl may not write herten' });
    expect(screen.getByTestId('form-errors').textContent).toContain(
      'Reporting caseload: staff of marl may not write herten',
    );
  });

  it('refuses empty counts and an amount not written in euros at their fields, and sends nothing', () => {
    const onSubmit = renderForm();
    fillValidMonth();
    fill('Integrationen im Monat', '');
    fill(/Leistungen zum Lebensunterhalt/, '3160000.5');
    fireEvent.click(screen.getByRole('button', { name: 'Meldung speichern' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Integrationen im Monat').getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(
      document.querySelector('[data-field-error="figures.subsistenceBenefits"]')?.textContent,
    ).toBe('Betrag in Euro, z. B. 3.160.000,00');
  });

  it('sends the month with the amount in exact cents', () => {
    const onSubmit = renderForm();
    fillValidMonth();
    fireEvent.click(screen.getByRole('button', { name: 'Meldung speichern' }));
    expect(onSubmit).toHaveBeenCalledWith({
      month: '2026-11',
      figures: {
        benefitHouseholds: 5100,
        eligibleJobseekers: 7100,
        eligibleJobseekersUnder25: 1500,
        longTermRecipients: 4500,
        integrations: 110,
        subsistenceBenefits: 316_000_055,
      },
    });
  });

  it('turns a month already reported into a correction that needs a reason', () => {
    const onSubmit = renderForm();
    fill('Monat', '2026-10');
    expect(screen.getByRole('heading', { name: 'Korrektur eines gemeldeten Monats' })).toBeTruthy();
    fillValidMonth();
    fireEvent.click(screen.getByRole('button', { name: 'Korrektur speichern' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Grund der Korrektur').getAttribute('aria-invalid')).toBe('true');
    fill('Grund der Korrektur', 'Nachbuchung');
    fireEvent.click(screen.getByRole('button', { name: 'Korrektur speichern' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ month: '2026-10', reason: 'Nachbuchung' }),
    );
  });
});
