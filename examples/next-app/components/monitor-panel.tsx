'use client';

import { useInterval } from '@/hooks/use-interval';
import { useMonitorStore } from '@/lib/store';
import { sampleLatency } from '@/lib/uptime';
import { UptimeBadge } from './uptime-badge';

export const MonitorPanel = () => {
  const { checks, latest, status, paused, latency } = useMonitorStore();
  const recordCheck = useMonitorStore((state) => state.recordCheck);
  const togglePaused = useMonitorStore((state) => state.togglePaused);

  // The callback of the first render is the one the interval keeps calling (see useInterval).
  useInterval(() => recordCheck(sampleLatency(useMonitorStore.getState().checks)), paused ? null : 200);

  return (
    <section>
      <h2>Checks</h2>
      <p>
        <span id="checks-label">Checks run</span> <b id="checks">{checks}</b>, latest <b id="latest">{latest}</b> ms{' '}
        <UptimeBadge status={status} />
      </p>
      <p id="summary">{latency.summary}</p>
      <button type="button" id="pause" onClick={togglePaused}>
        {paused ? 'Resume' : 'Pause'}
      </button>
    </section>
  );
};
