import { z } from 'zod';

export const commonValidations = {
  id: z.coerce.number({ error: 'ID must be a number' }).int('ID must be an integer').positive('ID must be a positive number'),
  limit: z.coerce.number().int().min(1).max(100).optional(),
};
