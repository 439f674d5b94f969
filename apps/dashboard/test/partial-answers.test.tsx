import { cleanup, render, screen } from '@testing-library/react';
import { CombinedError } from 'urql';
import { afterEach, describe, expect, it } from 'vitest';
import { failed, problemsOf } from '../src/api/problems';
import { PartialNotice } from '../src/components/PartialNotice';

afterEach(cleanup);

const answer = (errors: { message: string; extensions?: Record<string, unknown> }[]) =>
  new CombinedError({ graphQLErrors: errors });

describe('partial answers', () => {
  it('sorts the errors: services down by name (once each), field errors by field, the rest', () => {
    const problems = problemsOf(
      answer([
        {
          message: 'The personnel service is not reachable; its part of the answer is missing',
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'personnel' },
        },
        {
          message: 'The personnel service is not reachable; its part of the answer is missing',
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'personnel' },
        },
        {
          message: 'month 2099-01 lies in the future',
          extensions: { code: 'BAD_USER_INPUT', field: 'month' },
        },
        { message: 'Reading transfers: not allowed', extensions: { code: 'FORBIDDEN' } },
        { message: 'boom' },
      ]),
    );
    expect(problems.unavailable.map((entry) => entry.service)).toEqual(['personnel']);
    expect(problems.fieldErrors).toEqual({ month: 'month 2099-01 lies in the future' });
    expect(problems.forbidden).toEqual(['Reading transfers: not allowed']);
    expect(problems.other).toEqual(['boom']);
  });

  it('tells a field that failed (not known) from one that is empty (none)', () => {
    const budgetDown = new CombinedError({
      graphQLErrors: [
        {
          message: 'The budget service is not reachable',
          path: ['allocation'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'budget' },
        },
      ],
    });
    expect(failed(budgetDown, 'allocation')).toBe(true);
    expect(failed(budgetDown, 'budget')).toBe(false);
    expect(failed(undefined, 'allocation')).toBe(false);
    expect(failed(new CombinedError({ networkError: new Error('offline') }), 'allocation')).toBe(
      true,
    );
  });

  it('names the missing service on the page', () => {
    render(
      <PartialNotice
        error={answer([
          {
            message: 'The personnel service is not reachable; its part of the answer is missing',
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'personnel' },
          },
        ])}
      />,
    );
    const notice = screen.getByRole('alert');
    expect(notice.textContent).toContain('Unvollständige Seite');
    expect(notice.textContent).toContain('Der Dienst Personal (personnel) antwortet nicht');
  });

  it('shows nothing when the answer is whole', () => {
    const { container } = render(<PartialNotice error={undefined} />);
    expect(container.textContent).toBe('');
  });
});
