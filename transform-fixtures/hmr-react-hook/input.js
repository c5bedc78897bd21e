// Only a hook: React Fast Refresh re-runs the effects of the components using it when the update reaches
// them, so the module does not accept its own update.
import { useEffect } from 'react';

export function useInterval(callback, delay) {
  useEffect(() => {
    const id = setInterval(callback, delay);
    return () => clearInterval(id);
  }, [delay]);
}
