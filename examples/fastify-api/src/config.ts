// Settings from the environment, with development defaults.
export const config = {
  env: process.env.NODE_ENV ?? 'development',
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 3000),
  logLevel: process.env.LOG_LEVEL ?? 'info',
  apiKey: process.env.API_KEY ?? 'dev-secret',
  pagination: { defaultLimit: 20, maxLimit: 100 },
  closeGraceMs: 500,
};

export type Config = typeof config;
