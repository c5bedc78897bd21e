import type { Task } from '../features/tasks/tasksSlice';
import { delay } from '../utils/time';

const SAMPLES = ['Water the plants', 'Review pull requests', 'Book the train'];

// Stands in for a REST call: what the thunk awaits.
export async function fetchSampleTasks(count: number): Promise<Task[]> {
  await delay(20);
  const now = Date.now();
  return SAMPLES.slice(0, count).map((title, index) => ({
    id: `sample-${now}-${index}`,
    title,
    done: false,
    createdAt: now,
  }));
}
