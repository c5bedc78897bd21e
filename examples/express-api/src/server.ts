import express, { type Express } from 'express';
import { healthCheckRouter } from './api/healthCheck/healthCheckRouter';
import { orderRouter } from './api/order/orderRouter';
import { productRouter } from './api/product/productRouter';
import errorHandler from './common/middleware/errorHandler';
import rateLimiter from './common/middleware/rateLimiter';
import { requestLogger } from './common/middleware/requestLogger';

const app: Express = express();

// Middlewares
app.use(express.json());
app.use(requestLogger);
app.use(rateLimiter);

// Routes
app.use('/health', healthCheckRouter);
app.use('/api/products', productRouter);
app.use('/api/orders', orderRouter);

// Error handlers
app.use(errorHandler());

export { app };
