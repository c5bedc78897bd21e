import { useSyncExternalStore } from 'react';
import { activity } from '../app/activity';

export function ActivityFeed() {
  const entries = useSyncExternalStore(activity.subscribe, activity.snapshot);
  return (
    <ol id="activity">
      {entries.map((entry, index) => (
        <li key={index}>{entry}</li>
      ))}
    </ol>
  );
}
