import type { DomainError } from '@jobcenter/subgraph-server';

/** The domain error `act` throws, as its class, message and the field it names. */
export function refusal(act: () => unknown): {
  type: unknown;
  message: string;
  field: string | undefined;
} {
  try {
    act();
  } catch (error) {
    const { message, field } = error as DomainError;
    return { type: (error as Error).constructor, message, field };
  }
  throw new Error('nothing was refused');
}
