import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectStatus, selectSummary, selectVisibleTasks } from './selectors';
import { TaskItem } from './TaskItem';
import { doneCleared, loadSampleTasks } from './tasksSlice';

export const TaskList = () => {
  const dispatch = useAppDispatch();
  const tasks = useAppSelector(selectVisibleTasks);
  const summary = useAppSelector(selectSummary);
  const status = useAppSelector(selectStatus);
  return (
    <section>
      <h2 id="tasks-title">Tasks</h2>
      <p id="summary">{summary}</p>
      <ul id="tasks">
        {tasks.map((task) => (
          <TaskItem key={task.id} task={task} />
        ))}
      </ul>
      <button type="button" id="load" disabled={status === 'loading'} onClick={() => dispatch(loadSampleTasks(2))}>
        Load samples
      </button>
      <button type="button" id="clear-done" onClick={() => dispatch(doneCleared())}>
        Clear done
      </button>
    </section>
  );
};
