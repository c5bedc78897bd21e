import { Type, type Static } from 'typebox';

export const CreateTaskSchema = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: 120 }),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 5 })),
    dueDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  },
  { additionalProperties: false },
);

export const QueryTasksSchema = Type.Object({
  tag: Type.Optional(Type.String()),
  done: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export const TagParamsSchema = Type.Object({
  tag: Type.String({ minLength: 1 }),
});

export type CreateTask = Static<typeof CreateTaskSchema>;
export type QueryTasks = Static<typeof QueryTasksSchema>;
