import { createServer } from 'node:http';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { createDatabase } from './db';
import { createApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await createDatabase(config.database, config.replicas);
  const server = createServer(createApp({ db, logger }));

  server.listen(config.port, () => {
    logger.info('listening', { port: config.port, replicas: config.replicas.length });
  });

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close(() => {
      db.end().finally(() => process.exit(0));
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
