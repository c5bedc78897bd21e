import { randomUUID } from 'node:crypto';
import { ServiceResponse } from '../../common/models/serviceResponse';
import { formatPrice } from '../../common/utils/format';
import { ProductRepository } from '../product/productRepository';
import type { CreateOrderInput, Order } from './orderModel';

export class OrderService {
  private readonly orders: Order[] = [];

  constructor(private readonly products: ProductRepository = new ProductRepository()) {}

  async list(): Promise<ServiceResponse<Order[]>> {
    return ServiceResponse.success('Orders found', [...this.orders].reverse());
  }

  async place(input: CreateOrderInput): Promise<ServiceResponse<Order | null>> {
    const product = await this.products.findByIdAsync(input.productId);
    if (!product) return ServiceResponse.failure('Product not found', null, 404);
    const updated = await this.products.adjustStockAsync(product.id, -input.quantity);
    if (!updated) return ServiceResponse.failure(`Only ${product.stock} left in stock`, null, 409);
    const totalCents = product.priceCents * input.quantity;
    const order: Order = {
      id: randomUUID(),
      productId: product.id,
      quantity: input.quantity,
      totalCents,
      total: formatPrice(totalCents),
      placedAt: new Date().toISOString(),
    };
    this.orders.push(order);
    return ServiceResponse.success('Order placed', order, 201);
  }
}

export const orderService = new OrderService();
