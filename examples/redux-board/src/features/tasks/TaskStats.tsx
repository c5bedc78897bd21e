import { useState } from 'react';
import { useAppSelector } from '../../app/hooks';
import { selectLongestTitle } from './selectors';

const StatsPanel = () => {
  const longest = useAppSelector(selectLongestTitle);
  return <p id="longest">{longest}</p>;
};

// A details panel opened on demand: its selector runs only once it is open.
export const TaskStats = () => {
  const [open, setOpen] = useState(false);
  return (
    <section>
      <button type="button" id="toggle-stats" onClick={() => setOpen((shown) => !shown)}>
        {open ? 'Hide stats' : 'Show stats'}
      </button>
      {open && <StatsPanel />}
    </section>
  );
};
