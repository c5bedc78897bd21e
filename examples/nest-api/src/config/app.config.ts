import { registerAs } from '@nestjs/config';

export default registerAs('app', () => ({
  host: process.env.HOST ?? '127.0.0.1',
  port: Number.parseInt(process.env.PORT ?? '3000', 10),
  apiKey: process.env.API_KEY ?? 'dev-secret',
  pageSize: Number.parseInt(process.env.PAGE_SIZE ?? '20', 10),
}));
