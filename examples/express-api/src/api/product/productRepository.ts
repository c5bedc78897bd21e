// The data layer. A real app talks to a database here; this one keeps its rows in memory, so a restart
// loses every product created since the server started.
import type { CreateProductInput, Product } from './productModel';

const products = new Map<number, Product>();
let nextId = 1;

export class ProductRepository {
  async findAllAsync(filter: { tag?: string } = {}): Promise<Product[]> {
    const all = [...products.values()];
    return filter.tag ? all.filter((product) => product.tags.includes(filter.tag!)) : all;
  }

  async findByIdAsync(id: number): Promise<Product | null> {
    return products.get(id) ?? null;
  }

  async createAsync(input: CreateProductInput & { slug: string }): Promise<Product> {
    const now = new Date().toISOString();
    const product: Product = { id: nextId++, ...input, createdAt: now, updatedAt: now };
    products.set(product.id, product);
    return product;
  }

  async adjustStockAsync(id: number, delta: number): Promise<Product | null> {
    const product = products.get(id);
    if (!product || product.stock + delta < 0) return null;
    const updated = { ...product, stock: product.stock + delta, updatedAt: new Date().toISOString() };
    products.set(id, updated);
    return updated;
  }
}
