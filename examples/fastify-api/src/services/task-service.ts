// The service layer: what the routes call. It knows nothing of HTTP except the errors it throws.
import { config } from '../config.js';
import type { TaskRow } from '../db/memory-db.js';
import { NotFoundError } from '../lib/errors.js';
import { daysUntil, normalizeTag, summarize } from '../lib/format.js';
import type { TasksRepository } from '../plugins/app/tasks-repository.js';
import type { CreateTask, QueryTasks } from '../schemas/tasks.js';

export interface TaskView extends TaskRow {
  summary: string;
  dueInDays: number | null;
}

function toView(task: TaskRow): TaskView {
  return { ...task, summary: summarize(task), dueInDays: daysUntil(task.dueDate) };
}

export class TaskService {
  constructor(private readonly tasks: TasksRepository) {}

  async list(query: QueryTasks): Promise<{ tasks: TaskView[]; total: number }> {
    const limit = Math.min(query.limit ?? config.pagination.defaultLimit, config.pagination.maxLimit);
    const { tasks, total } = await this.tasks.paginate({ tag: query.tag, done: query.done, limit });
    return { tasks: tasks.map(toView), total };
  }

  async get(id: number): Promise<TaskView> {
    const task = await this.tasks.findById(id);
    if (!task) throw new NotFoundError(`Task ${id} not found`);
    return toView(task);
  }

  async create(input: CreateTask): Promise<TaskView> {
    const task = await this.tasks.create({
      title: input.title.trim(),
      notes: input.notes ?? '',
      tags: (input.tags ?? []).map(normalizeTag),
      done: false,
      dueDate: input.dueDate ?? null,
    });
    return toView(task);
  }

  async complete(id: number): Promise<TaskView> {
    const task = await this.tasks.update(id, { done: true });
    if (!task) throw new NotFoundError(`Task ${id} not found`);
    return toView(task);
  }

  async tagCounts(): Promise<{ tag: string; count: number }[]> {
    const counts = await this.tasks.tagCounts();
    return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  }
}
