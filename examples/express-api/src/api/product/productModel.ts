import { z } from 'zod';
import { commonValidations } from '../../common/utils/commonValidation';

export const ProductSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  priceCents: z.number().int(),
  stock: z.number().int(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type Product = z.infer<typeof ProductSchema>;

export type ProductView = Product & { displayPrice: string };

export const CreateProductSchema = z.object({
  body: z.object({
    name: z.string().trim().min(2, 'Name must be at least 2 characters'),
    priceCents: z.number().int().positive('Price must be a positive number of cents'),
    stock: z.number().int().nonnegative().default(0),
    tags: z.array(z.string().trim().min(1)).max(5, 'At most 5 tags').default([]),
  }),
});

export type CreateProductInput = z.infer<typeof CreateProductSchema>['body'];

export const GetProductSchema = z.object({
  params: z.object({ id: commonValidations.id }),
});

export const ListProductsSchema = z.object({
  query: z.object({ tag: z.string().optional(), limit: commonValidations.limit }),
});
