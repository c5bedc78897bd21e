import { useEffect } from 'react';

// Like many apps' first version of it: the interval keeps the callback it was started with, so
// everything it calls must be reached through references that stay valid (store actions, services).
export function useInterval(callback: () => void, delay: number | null) {
  useEffect(() => {
    if (delay === null) return;
    const id = setInterval(callback, delay);
    return () => clearInterval(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [delay]);
}
