// The wallboard's live link: GET /api/wallboard/events pushes the waiting callers and the operators
// whenever they change. While the link is down (server restarting, a proxy cutting it) the page
// falls back to polling GET /api/queue and GET /api/operators every 2 s; EventSource reconnects by
// itself, and a closed one (refused) is opened again after a while.
import { useEffect, useState } from 'react';
import type { ApiResult } from '../api.ts';
import { usePoll } from '../ui.tsx';
import type { OperatorRow, WaitingRow } from './wallboard-alarms.ts';

export interface Board {
  /** The engine's time of the snapshot (ISO). */
  at: string;
  waiting: WaitingRow[];
  operators: OperatorRow[];
  /** Browser ms when it arrived: with `at`, how far the engine's clock is from the browser's. */
  receivedAt: number;
}

type Link = 'connecting' | 'live' | 'down';

const REOPEN_MS = 10_000;
const POLL_MS = 2000;

export function useWallboard(): {
  board: Board | undefined;
  link: Link;
  problem: ApiResult<unknown> | undefined;
} {
  const [link, setLink] = useState<Link>('connecting');
  const [pushed, setPushed] = useState<Board>();
  useEffect(() => {
    let source: EventSource | undefined;
    let reopen: number | undefined;
    let stopped = false;
    const open = () => {
      source = new EventSource('/api/wallboard/events');
      source.addEventListener('open', () => setLink('live'));
      source.addEventListener('snapshot', (e) => {
        const view = JSON.parse((e as MessageEvent<string>).data) as Omit<Board, 'receivedAt'>;
        setPushed({ ...view, receivedAt: Date.now() });
        setLink('live');
      });
      source.addEventListener('error', () => {
        setLink('down');
        // CLOSED: the browser gave up (a 4xx/5xx answer); try again later, polling meanwhile.
        if (source?.readyState === EventSource.CLOSED && !stopped)
          reopen = window.setTimeout(open, REOPEN_MS);
      });
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(reopen);
      source?.close();
    };
  }, []);
  const polling = link === 'down';
  const queue = usePoll<{ at: string; waiting: WaitingRow[] }>(polling ? '/api/queue' : undefined, POLL_MS);
  const operators = usePoll<{ operators: OperatorRow[] }>(polling ? '/api/operators' : undefined, POLL_MS);
  const polled: Board | undefined =
    queue.data && operators.data
      ? { ...queue.data, operators: operators.data.operators, receivedAt: queue.at }
      : undefined;
  // The newer of the two: a push after the link came back wins over the last poll.
  const board = pushed && (!polled || pushed.receivedAt >= polled.receivedAt) ? pushed : (polled ?? pushed);
  const failed = [queue.result, operators.result].find((r) => r && !r.ok);
  return { board, link, problem: polling ? failed : undefined };
}
