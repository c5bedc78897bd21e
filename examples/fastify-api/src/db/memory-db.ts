// The "database": tables kept in memory for the life of the process. A restart empties them.
export interface TaskRow {
  id: number;
  title: string;
  notes: string;
  tags: string[];
  done: boolean;
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
}

export const db = {
  tasks: new Map<number, TaskRow>(),
  sequences: { tasks: 0 },
};

export function nextId(table: keyof typeof db.sequences): number {
  db.sequences[table] += 1;
  return db.sequences[table];
}
