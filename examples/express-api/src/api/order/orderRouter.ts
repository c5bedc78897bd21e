// Routes with their handlers written inline, the other common style.
import express, { type Request, type Response, type Router } from 'express';
import { validateRequest } from '../../common/middleware/validateRequest';
import { asyncHandler } from '../../common/utils/asyncHandler';
import { handleServiceResponse } from '../../common/utils/httpHandlers';
import { CreateOrderSchema } from './orderModel';
import { orderService } from './orderService';

export const orderRouter: Router = express.Router();

orderRouter.get(
  '/',
  asyncHandler(async (_req: Request, res: Response) => {
    handleServiceResponse(await orderService.list(), res);
  }),
);

orderRouter.post(
  '/',
  validateRequest(CreateOrderSchema),
  asyncHandler(async (req: Request, res: Response) => {
    handleServiceResponse(await orderService.place(req.body), res);
  }),
);
