import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LogError } from './error.js';

/** What runs a statement by name: a connected pg `Client`. */
export interface PgClient {
  query<R>(config: {
    readonly name?: string;
    readonly text: string;
    readonly values: unknown[];
    /** Rows as arrays in column order instead of objects. */
    readonly rowMode?: 'array';
  }): Promise<{ readonly rows: R[] }>;
}

/** A pg `Pool`: lends connected clients. */
export interface PgPool {
  connect(): Promise<PgClient & { release(): void }>;
}

/**
 * Names for prepared statements. A statement run by name is parsed and planned once per
 * connection, not on every run: for a batch's statement (tens of lines, several data-modifying
 * CTEs) that was about a sixth of the server's work per batch. The name is derived from the text,
 * so a connection never sees one name for two texts. Only the first `max` distinct texts get a
 * name (the batch statement has one or two shapes); any others run unnamed.
 */
export class StatementNames {
  readonly #prefix: string;
  readonly #max: number;
  readonly #names = new Map<string, string>();

  constructor(prefix: string, max = 16) {
    this.#prefix = prefix;
    this.#max = max;
  }

  nameOf(text: string): string | undefined {
    let name = this.#names.get(text);
    if (name === undefined && this.#names.size < this.#max) {
      name = `${this.#prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      this.#names.set(text, name);
    }
    return name;
  }
}

/**
 * A connection from the DataSource's pg pool, for a named statement (TypeORM runs only unnamed
 * ones); `purpose` names what it is for in the error. Release it without an error even when the
 * statement failed: pg's pool drops connections that broke, and a statement's error leaves the
 * connection usable.
 */
export async function pooledClient(
  ds: DataSource,
  purpose: string,
): Promise<PgClient & { release(): void }> {
  const pool = (ds.driver as { master?: PgPool }).master;
  if (pool === undefined) throw new LogError('STORAGE', 'the database is not connected');
  try {
    return await pool.connect();
  } catch (err) {
    throw new LogError('STORAGE', `no database connection for ${purpose}`, { cause: err });
  }
}
