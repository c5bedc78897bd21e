// Small presentation helpers used by the services.
import type { TaskRow } from '../db/memory-db.js';

export function summarize(task: Pick<TaskRow, 'title' | 'done'>): string {
  return `${task.title} (${task.done ? 'done' : 'open'})`;
}

export function daysUntil(dueDate: string | null, now = new Date()): number | null {
  if (!dueDate) return null;
  const ms = new Date(`${dueDate}T00:00:00Z`).getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round(ms / 86_400_000);
}

export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, '-');
}
