import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { normalizeTags } from '../common/utils/text';
import type { CreateNoteDto } from './dto/create-note.dto';
import type { ListNotesQuery } from './dto/list-notes.query';
import type { Note } from './entities/note.entity';
import { NotesRepository } from './notes.repository';

@Injectable()
export class NotesService {
  constructor(
    private readonly notes: NotesRepository,
    private readonly config: ConfigService,
  ) {}

  findAll(query: ListNotesQuery): Note[] {
    const limit = query.limit ?? this.config.get<number>('app.pageSize', 20);
    const notes = this.notes.findAll().filter((note) => query.tag === undefined || note.tags.includes(query.tag));
    return notes.sort((a, b) => Number(b.pinned) - Number(a.pinned)).slice(0, limit);
  }

  findOne(id: number): Note {
    const note = this.notes.findById(id);
    if (!note) throw new NotFoundException(`Note #${id} not found`);
    return note;
  }

  create(dto: CreateNoteDto): Note {
    return this.notes.insert({ title: dto.title.trim(), body: dto.body, tags: normalizeTags(dto.tags ?? []), pinned: dto.pinned ?? false });
  }

  pin(id: number, pinned: boolean): Note {
    const note = this.notes.update(id, { pinned });
    if (!note) throw new NotFoundException(`Note #${id} not found`);
    return note;
  }
}
