import { useState } from 'react';
import { ActivityFeed } from './components/ActivityFeed';
import FilterBar from './features/filters/FilterBar';
import { AddTaskForm } from './features/tasks/AddTaskForm';
import { TaskList } from './features/tasks/TaskList';
import { TaskStats } from './features/tasks/TaskStats';
import { TimerPanel } from './features/timer/TimerPanel';

export default function App() {
  const [note, setNote] = useState('');
  return (
    <main id="board">
      <h1 id="title">Task board</h1>
      <TimerPanel />
      <AddTaskForm />
      <FilterBar />
      <TaskList />
      <TaskStats />
      <ActivityFeed />
      <label>
        Note <input id="note" autoComplete="off" value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
    </main>
  );
}
