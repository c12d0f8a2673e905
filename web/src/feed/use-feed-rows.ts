import { useCallback, useEffect, useRef, useState } from 'react';
import { prepend } from './feed-buffer';

/**
 * Arrivals within this many milliseconds are shown in one render: a busy deployment stores hundreds of
 * migrations a second, and a render per migration kept the page too busy to answer its reader.
 */
export const FEED_FLUSH_MS = 250;

/** The feed's rows, newest first, and the function that adds an arrival (shown with the next flush). */
export function useFeedRows<T extends { id: string }>(): [rows: T[], add: (arrival: T) => void] {
  const [rows, setRows] = useState<T[]>([]);
  const arrivals = useRef<T[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const add = useCallback((arrival: T) => {
    arrivals.current.push(arrival);
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      const batch = arrivals.current.splice(0);
      setRows((current) => prepend(current, batch));
    }, FEED_FLUSH_MS);
  }, []);
  return [rows, add];
}
