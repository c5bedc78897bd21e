import { z } from 'zod';

export const OrderSchema = z.object({
  id: z.string(),
  productId: z.number().int(),
  quantity: z.number().int(),
  totalCents: z.number().int(),
  total: z.string(),
  placedAt: z.string(),
});

export type Order = z.infer<typeof OrderSchema>;

export const CreateOrderSchema = z.object({
  body: z.object({
    productId: z.number().int().positive(),
    quantity: z.number().int().positive().max(10, 'At most 10 items per order'),
  }),
});

export type CreateOrderInput = z.infer<typeof CreateOrderSchema>['body'];
