// The notes "table": a provider that keeps every note in memory for the life of the process.
import { Injectable } from '@nestjs/common';
import type { Note } from './entities/note.entity';

@Injectable()
export class NotesRepository {
  private readonly notes = new Map<number, Note>();
  private lastId = 0;

  findAll(): Note[] {
    return [...this.notes.values()];
  }

  findById(id: number): Note | undefined {
    return this.notes.get(id);
  }

  insert(values: Omit<Note, 'id' | 'createdAt' | 'updatedAt'>): Note {
    const now = new Date();
    const note: Note = { id: ++this.lastId, ...values, createdAt: now, updatedAt: now };
    this.notes.set(note.id, note);
    return note;
  }

  update(id: number, changes: Partial<Omit<Note, 'id' | 'createdAt'>>): Note | undefined {
    const note = this.notes.get(id);
    if (!note) return undefined;
    const updated = { ...note, ...changes, updatedAt: new Date() };
    this.notes.set(id, updated);
    return updated;
  }
}
