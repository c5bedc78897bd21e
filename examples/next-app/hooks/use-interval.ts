import { useEffect } from 'react';

// The callback of the first render is the one the interval keeps (no ref): everything it calls must be
// reached through references that stay valid (store actions, service functions).
export function useInterval(callback: () => void, delay: number | null) {
  useEffect(() => {
    if (delay === null) return;
    const id = setInterval(callback, delay);
    return () => clearInterval(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [delay]);
}
