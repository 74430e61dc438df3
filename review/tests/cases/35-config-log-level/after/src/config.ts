import { readFileSync } from 'node:fs';

export interface DatabaseConfig {
  url: string;
  poolSize: number;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  database: DatabaseConfig;
  /** Read replicas; may be empty, in which case reads go to the primary. */
  replicas: string[];
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Picks a replica round-robin for the index-th read. */
export function readReplica(config: AppConfig, index: number): string {
  return config.replicas[index % config.replicas.length];
}

type FileConfig = Partial<Omit<AppConfig, 'database'>> & { database?: Partial<DatabaseConfig> };

function readJson(path: string): FileConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${path} must contain a JSON object`);
  }
  return parsed as FileConfig;
}

function databaseConfig(file: FileConfig, env: NodeJS.ProcessEnv): DatabaseConfig {
  const url = env.DATABASE_URL ?? file.database!.url!;
  const poolSize = Number(env.DATABASE_POOL_SIZE ?? file.database?.poolSize ?? 10);
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new ConfigError(`invalid database pool size ${poolSize}`);
  }
  return { url, poolSize };
}

function parsePort(file: FileConfig, env: NodeJS.ProcessEnv): number {
  const port = Number(env.PORT ?? file.port ?? 8080);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ConfigError(`invalid port ${String(env.PORT ?? file.port)}`);
  }
  return port;
}

function parseReplicas(file: FileConfig, env: NodeJS.ProcessEnv): string[] {
  if (env.DATABASE_REPLICAS) {
    return env.DATABASE_REPLICAS.split(',').map((url) => url.trim()).filter(Boolean);
  }
  return file.replicas ?? [];
}

function parseLogLevel(file: FileConfig, env: NodeJS.ProcessEnv): LogLevel {
  const level = (env.LOG_LEVEL ?? file.logLevel ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${level}`);
  }
  return level as LogLevel;
}

export function loadConfig(
  path = process.env.APP_CONFIG ?? 'config/default.json',
  env: NodeJS.ProcessEnv = process.env,
): AppConfig {
  const file = readJson(path);
  const database = databaseConfig(file, env);
  const replicas = parseReplicas(file, env);
  if (replicas.includes(database.url)) {
    throw new ConfigError('the primary must not be listed as a read replica');
  }
  return {
    port: parsePort(file, env),
    database,
    replicas,
    logLevel: parseLogLevel(file, env),
  };
}
