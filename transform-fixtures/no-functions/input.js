import { z } from 'zod';

export const settings = { port: Number(process.env.PORT ?? 3000), retries: 3 };
export const ProductSchema = z.object({ name: z.string().min(2, 'Name must be at least 2 characters') });
