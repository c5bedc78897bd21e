// Handlers as arrow-function fields: Express gets `productController.getProduct` without losing `this`.
import type { Request, RequestHandler, Response } from 'express';
import { env } from '../../common/utils/envConfig';
import { handleServiceResponse } from '../../common/utils/httpHandlers';
import { productService } from './productService';

class ProductController {
  public getProducts: RequestHandler = async (req: Request, res: Response) => {
    const limit = req.query.limit === undefined ? env.DEFAULT_PAGE_SIZE : Number(req.query.limit);
    const tag = typeof req.query.tag === 'string' ? req.query.tag : undefined;
    const serviceResponse = await productService.findAll({ tag, limit });
    return handleServiceResponse(serviceResponse, res);
  };

  public getProduct: RequestHandler = async (req: Request, res: Response) => {
    const id = Number.parseInt(req.params.id as string, 10);
    const serviceResponse = await productService.findById(id);
    return handleServiceResponse(serviceResponse, res);
  };

  public createProduct: RequestHandler = async (req: Request, res: Response) => {
    const serviceResponse = await productService.create(req.body);
    return handleServiceResponse(serviceResponse, res);
  };
}

export const productController = new ProductController();
