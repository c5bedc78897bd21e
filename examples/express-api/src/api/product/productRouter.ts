import express, { type Request, type Response, type Router } from 'express';
import { validateRequest } from '../../common/middleware/validateRequest';
import { asyncHandler } from '../../common/utils/asyncHandler';
import { CreateProductSchema, GetProductSchema, ListProductsSchema } from './productModel';
import { productController } from './productController';
import { productService } from './productService';

export const productRouter: Router = express.Router();

productRouter.get('/', validateRequest(ListProductsSchema), productController.getProducts);

productRouter.post('/', validateRequest(CreateProductSchema), productController.createProduct);

productRouter.get('/:id', validateRequest(GetProductSchema), productController.getProduct);

productRouter.get(
  '/:id/availability',
  validateRequest(GetProductSchema),
  asyncHandler(async (req: Request, res: Response) => {
    const { responseObject: product } = await productService.findById(Number(req.params.id));
    if (!product) {
      res.status(404).json({ success: false, message: 'Product not found', responseObject: null, statusCode: 404 });
      return;
    }
    res.json({ id: product.id, available: product.stock > 0, stock: product.stock });
  }),
);
