import type { CombinedError } from 'urql';

/** What went wrong with an answer, in the terms the page shows. */
export interface Problems {
  /** Services (or a city's own districts instance) that did not answer: their part is missing. */
  unavailable: { service: string; message: string }[];
  /** Parts the role may not read (the page does not ask for those, so this is rare). */
  forbidden: string[];
  /** Bad input, named by the field of the input it concerns. */
  fieldErrors: Record<string, string>;
  /** Everything else: the page is not signed in, or the network failed. */
  other: string[];
}

type GraphError = { message: string; extensions?: Record<string, unknown> };

/** Sorts the errors of an answer: partial data (a service down), refusals, field errors. */
export function problemsOf(error: CombinedError | undefined | null): Problems {
  const problems: Problems = { unavailable: [], forbidden: [], fieldErrors: {}, other: [] };
  if (!error) return problems;
  if (error.networkError && error.graphQLErrors.length === 0) {
    problems.other.push(`Keine Verbindung zum Dashboard-Server: ${error.networkError.message}`);
  }
  for (const graphError of error.graphQLErrors as GraphError[]) {
    const extensions = graphError.extensions ?? {};
    const code = extensions.code;
    if (code === 'SUBGRAPH_UNAVAILABLE' || code === 'GATEWAY_UNAVAILABLE') {
      const service = String(extensions.service ?? extensions.instance ?? 'gateway');
      if (!problems.unavailable.some((entry) => entry.service === service))
        problems.unavailable.push({ service, message: graphError.message });
    } else if (code === 'FORBIDDEN') {
      problems.forbidden.push(graphError.message);
    } else if (code === 'BAD_USER_INPUT' && typeof extensions.field === 'string') {
      problems.fieldErrors[extensions.field] = graphError.message;
    } else {
      problems.other.push(graphError.message);
    }
  }
  return problems;
}

export const hasProblems = (problems: Problems) =>
  problems.unavailable.length + problems.forbidden.length + problems.other.length > 0 ||
  Object.keys(problems.fieldErrors).length > 0;

/**
 * Whether a root field of the answer failed (an error on its path, or no answer at all): its
 * null is then "not known", never "none".
 */
export function failed(error: CombinedError | undefined | null, field: string): boolean {
  if (!error) return false;
  if (error.networkError && error.graphQLErrors.length === 0) return true;
  return error.graphQLErrors.some((graphError) => graphError.path?.[0] === field);
}
