'use client';

import { useState } from 'react';
import { incidentsLabel } from '@/lib/labels';
import { SITE_NAME } from '@/lib/site';
import { useMonitorStore } from '@/lib/store';
import styles from './status-header.module.css';

export const StatusHeader = () => {
  const incidents = useMonitorStore((state) => state.incidents);
  const [compact, setCompact] = useState(false);
  return (
    <header className={styles.header} data-compact={compact}>
      <h1 id="site-name">{SITE_NAME}</h1>
      <p id="tagline" className={styles.tagline}>
        Live status <b id="incidents">{incidents}</b> <small id="incidents-label">{incidentsLabel(incidents)}</small>
      </p>
      <label>
        <input id="compact" type="checkbox" checked={compact} onChange={(event) => setCompact(event.target.checked)} /> Compact
      </label>
    </header>
  );
};
