// A server component: rendered on the server, the client components below hydrate in the browser.
import type { Metadata } from 'next';
import { Announcement } from '@/components/announcement';
import IncidentCard from '@/components/incident-card';
import { MonitorPanel } from '@/components/monitor-panel';
import { StatusHeader } from '@/components/status-header';
import { SITE_NAME } from '@/lib/site';

export const metadata: Metadata = { title: `Status: ${SITE_NAME}` };

export default function StatusPage() {
  return (
    <main>
      <StatusHeader />
      <p id="region">Served from region eu-west</p>
      <MonitorPanel />
      <IncidentCard />
      <Announcement />
    </main>
  );
}
