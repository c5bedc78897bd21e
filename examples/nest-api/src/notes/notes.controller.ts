import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../common/guards/api-key.guard';
import { excerpt, wordCount } from '../common/utils/text';
import { CreateNoteDto } from './dto/create-note.dto';
import { ListNotesQuery } from './dto/list-notes.query';
import type { Note } from './entities/note.entity';
import { NotesService } from './notes.service';

@Controller('notes')
export class NotesController {
  constructor(private readonly notesService: NotesService) {}

  private readonly toListItem = (note: Note) => ({
    id: note.id,
    title: note.title,
    preview: excerpt(note.body),
    pinned: note.pinned,
  });

  @Get()
  findAll(@Query() query: ListNotesQuery) {
    return this.notesService.findAll(query).map(this.toListItem);
  }

  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number) {
    const note = this.notesService.findOne(id);
    return { ...note, words: wordCount(note.body) };
  }

  @Post()
  @UseGuards(ApiKeyGuard)
  create(@Body() dto: CreateNoteDto) {
    return this.notesService.create(dto);
  }

  @Post(':id/pin')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  pin(@Param('id', ParseIntPipe) id: number) {
    return this.notesService.pin(id, true);
  }
}
