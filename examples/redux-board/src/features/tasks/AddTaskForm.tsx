import { useState, type FormEvent } from 'react';
import { useAppDispatch } from '../../app/hooks';
import { taskAdded } from './tasksSlice';

export function AddTaskForm() {
  const dispatch = useAppDispatch();
  const [title, setTitle] = useState('');
  const [added, setAdded] = useState(0);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return;
    dispatch(taskAdded(title));
    setTitle('');
    setAdded((count) => count + 1);
  }

  return (
    <form onSubmit={submit}>
      <input id="new-task" autoComplete="off" placeholder="New task" value={title} onChange={(event) => setTitle(event.target.value)} />
      <button type="submit" id="add">
        Add
      </button>{' '}
      added <span id="added">{added}</span>
    </form>
  );
}
