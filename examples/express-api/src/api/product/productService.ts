import { ServiceResponse } from '../../common/models/serviceResponse';
import { formatPrice, slugify } from '../../common/utils/format';
import { logger } from '../../common/utils/logger';
import type { CreateProductInput, Product, ProductView } from './productModel';
import { ProductRepository } from './productRepository';

function toView(product: Product): ProductView {
  return { ...product, displayPrice: formatPrice(product.priceCents) };
}

export class ProductService {
  private productRepository: ProductRepository;

  constructor(repository: ProductRepository = new ProductRepository()) {
    this.productRepository = repository;
  }

  async findAll(query: { tag?: string; limit: number }): Promise<ServiceResponse<ProductView[]>> {
    const products = await this.productRepository.findAllAsync({ tag: query.tag });
    return ServiceResponse.success('Products found', products.slice(0, query.limit).map(toView));
  }

  async findById(id: number): Promise<ServiceResponse<ProductView | null>> {
    const product = await this.productRepository.findByIdAsync(id);
    if (!product) {
      return ServiceResponse.failure('Product not found', null, 404);
    }
    return ServiceResponse.success('Product found', toView(product));
  }

  async create(input: CreateProductInput): Promise<ServiceResponse<ProductView>> {
    const product = await this.productRepository.createAsync({ ...input, slug: slugify(input.name) });
    logger.info(`product ${product.id} created`, { name: product.name });
    return ServiceResponse.success('Product created', toView(product), 201);
  }
}

export const productService = new ProductService();
