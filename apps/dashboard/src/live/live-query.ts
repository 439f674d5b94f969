import { useEffect } from 'react';
import { useQuery, type AnyVariables, type UseQueryArgs } from 'urql';

/** How often a live page asks again, until the graph offers subscriptions. */
export const REFRESH_INTERVAL_MS = 30_000;

/**
 * A query that stays current. Today it asks the graph again every `intervalMs` (and when the tab
 * becomes visible again); when the gateway serves subscriptions, this is the one place that
 * subscribes to the changes instead, and the pages stay as they are.
 */
export function useLiveQuery<Data, Variables extends AnyVariables>(
  args: UseQueryArgs<Variables, Data>,
  intervalMs = REFRESH_INTERVAL_MS,
) {
  const [result, reexecute] = useQuery<Data, Variables>(args);
  useEffect(() => {
    if (args.pause) return;
    const refresh = () => {
      if (document.visibilityState === 'visible') reexecute({ requestPolicy: 'network-only' });
    };
    const timer = window.setInterval(refresh, intervalMs);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [reexecute, intervalMs, args.pause]);
  return [result, reexecute] as const;
}
