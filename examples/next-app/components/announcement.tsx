'use client';

import { useState } from 'react';

interface StatusResponse {
  message: string;
}

// Asks the route handler for the current announcement, on demand.
export function Announcement() {
  const [message, setMessage] = useState('');

  async function refresh() {
    const response = await fetch('/api/status', { cache: 'no-store' });
    const body = (await response.json()) as StatusResponse;
    setMessage(body.message);
  }

  return (
    <section>
      <button type="button" id="announce" onClick={refresh}>
        Fetch announcement
      </button>{' '}
      <output id="announcement">{message}</output>
    </section>
  );
}
