import { openSqliteStore } from './sqlite';
import type { Store } from './store';

export interface StoreOptions {
  /** The SQLite database's directory. */
  dataDir: string;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  return openSqliteStore(options.dataDir);
}
