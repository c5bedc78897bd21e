import { Type } from 'typebox';

export const IdParamsSchema = Type.Object({
  id: Type.Integer({ minimum: 1 }),
});

export const MessageSchema = Type.Object({
  message: Type.String(),
});
