import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './store';

export interface StoreOptions {
  /** The SQLite database's directory, when no `databaseUrl` is given. */
  dataDir: string;
  /** postgres://… selects the PostgreSQL store (issue 14); without it the store is SQLite. */
  databaseUrl?: string | undefined;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl === undefined || options.databaseUrl === '') return openSqliteStore(options.dataDir);
  const { protocol } = new URL(options.databaseUrl);
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new Error(`DATABASE_URL must be postgres://…, not ${protocol}`);
  return openPostgresStore(options.databaseUrl);
}
