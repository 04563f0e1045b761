import { ConfigError } from './error.js';

/** Tiny structural readers: each returns a typed value or throws ConfigError with the key's path. */
export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function section(v: unknown, path: string): Obj {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new ConfigError(path, 'must be a mapping');
  return v;
}

export function onlyKeys(obj: Obj, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const where = path ? `${path}.${key}` : key;
      throw new ConfigError(where, `unknown key (expected one of: ${allowed.join(', ')})`);
    }
  }
}

export function str(obj: Obj, key: string, path: string, fallback: string): string;
export function str(obj: Obj, key: string, path: string): string | undefined;
export function str(obj: Obj, key: string, path: string, fallback?: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || v === '')
    throw new ConfigError(`${path}.${key}`, 'must be a non-empty string');
  return v;
}

export function bool(obj: Obj, key: string, path: string, fallback: boolean): boolean {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new ConfigError(`${path}.${key}`, 'must be true or false');
  return v;
}

export function int(
  obj: Obj,
  key: string,
  path: string,
  fallback: number,
  min = 0,
  max = 2 ** 31,
): number {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(`${path}.${key}`, `must be an integer between ${min} and ${max}`);
  }
  return v;
}

export function port(obj: Obj, key: string, path: string, fallback: number): number {
  return int(obj, key, path, fallback, 0, 65535);
}

export function oneOf<T extends string>(
  obj: Obj,
  key: string,
  path: string,
  values: readonly T[],
  fallback: T,
): T {
  const v = str(obj, key, path) ?? fallback;
  if (!values.includes(v as T)) {
    throw new ConfigError(`${path}.${key}`, `must be one of: ${values.join(', ')}`);
  }
  return v as T;
}

export function url(obj: Obj, key: string, path: string): string | undefined {
  const v = str(obj, key, path);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(`${path}.${key}`, 'must be an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${path}.${key}`, 'must be an http(s) URL');
  }
  return v.replace(/\/+$/, '');
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A duration in seconds: an integer, or a string like `30s`, `15m`, `24h`, `7d`. */
export function duration(
  obj: Obj,
  key: string,
  path: string,
  fallback: number,
  min = 1,
  max = 10 * 365 * 86400,
): number {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  let seconds: number | undefined;
  if (typeof v === 'number' && Number.isInteger(v)) seconds = v;
  if (typeof v === 'string') {
    const m = /^([0-9]{1,9})([smhd])$/.exec(v);
    if (m) seconds = Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  }
  if (seconds === undefined || seconds < min || seconds > max) {
    throw new ConfigError(
      path ? `${path}.${key}` : key,
      `must be a duration between ${min}s and ${max}s (seconds, or e.g. 30s, 15m, 24h, 7d)`,
    );
  }
  return seconds;
}

/** A duration given on a command line (`--expires 90d`), in seconds. */
export function parseDuration(value: string, name: string, min = 1): number {
  return duration({ [name]: value }, name, '', 0, min);
}
