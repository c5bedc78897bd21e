'use client';

import { SITE_NAME } from '@/lib/site';
import { useMonitorStore } from '@/lib/store';
import styles from './status-header.module.css';

export const StatusHeader = () => {
  const incidents = useMonitorStore((state) => state.incidents);
  return (
    <header className={styles.header}>
      <h1 id="site-name">{SITE_NAME}</h1>
      <p id="tagline" className={styles.tagline}>
        Live status <b id="incidents">{incidents}</b>
      </p>
    </header>
  );
};
