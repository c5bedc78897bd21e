'use client';

import { useState } from 'react';
import { useMonitorStore } from '@/lib/store';

export default function IncidentCard() {
  const reportIncident = useMonitorStore((state) => state.reportIncident);
  const [presses, setPresses] = useState(0);
  const [note, setNote] = useState('');

  return (
    <section>
      <h2>Incidents</h2>
      <button
        type="button"
        id="report"
        onClick={() => {
          setPresses((count) => count + 1);
          reportIncident();
        }}
      >
        Report incident
      </button>{' '}
      pressed <b id="presses">{presses}</b>
      <label>
        Note <input id="note" autoComplete="off" value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
    </section>
  );
}
