// The repository, written as fastify/demo writes its repositories: a factory whose object is decorated
// onto the instance when the plugin is registered.
import fp from 'fastify-plugin';
import { db, nextId, type TaskRow } from '../../db/memory-db.js';

declare module 'fastify' {
  interface FastifyInstance {
    tasksRepository: TasksRepository;
  }
}

export interface TaskFilter {
  tag?: string;
  done?: boolean;
  limit: number;
}

export type TasksRepository = ReturnType<typeof createRepository>;

function createRepository() {
  return {
    async paginate(filter: TaskFilter): Promise<{ tasks: TaskRow[]; total: number }> {
      let rows = [...db.tasks.values()];
      if (filter.tag !== undefined) rows = rows.filter((row) => row.tags.includes(filter.tag!));
      if (filter.done !== undefined) rows = rows.filter((row) => row.done === filter.done);
      return { tasks: rows.slice(0, filter.limit), total: rows.length };
    },

    async findById(id: number): Promise<TaskRow | undefined> {
      return db.tasks.get(id);
    },

    async create(values: Omit<TaskRow, 'id' | 'createdAt' | 'updatedAt'>): Promise<TaskRow> {
      const now = new Date().toISOString();
      const row: TaskRow = { id: nextId('tasks'), ...values, createdAt: now, updatedAt: now };
      db.tasks.set(row.id, row);
      return row;
    },

    async update(id: number, changes: Partial<Omit<TaskRow, 'id' | 'createdAt'>>): Promise<TaskRow | undefined> {
      const row = db.tasks.get(id);
      if (!row) return undefined;
      const updated = { ...row, ...changes, updatedAt: new Date().toISOString() };
      db.tasks.set(id, updated);
      return updated;
    },

    async tagCounts(): Promise<Map<string, number>> {
      const counts = new Map<string, number>();
      for (const row of db.tasks.values()) for (const tag of row.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      return counts;
    },
  };
}

export default fp(
  async function (fastify) {
    fastify.decorate('tasksRepository', createRepository());
  },
  { name: 'tasks-repository' },
);
