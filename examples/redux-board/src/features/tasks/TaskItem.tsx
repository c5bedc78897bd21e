import { memo } from 'react';
import { useAppDispatch } from '../../app/hooks';
import { taskToggled, type Task } from './tasksSlice';

export const TaskItem = memo(({ task }: { task: Task }) => {
  const dispatch = useAppDispatch();
  return (
    <li className={task.done ? 'done' : undefined}>
      <label>
        <input type="checkbox" checked={task.done} onChange={() => dispatch(taskToggled(task.id))} />{' '}
        <span className="title">{task.title}</span>
      </label>
    </li>
  );
});
