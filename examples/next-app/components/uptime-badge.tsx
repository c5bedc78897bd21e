'use client';

import { memo } from 'react';
import type { Status } from '@/lib/uptime';

interface UptimeBadgeProps {
  status: Status;
}

export const UptimeBadge = memo(({ status }: UptimeBadgeProps) => (
  <span id="badge" data-status={status}>
    {status === 'operational' ? 'Operational' : 'Degraded'}
  </span>
));
UptimeBadge.displayName = 'UptimeBadge';
