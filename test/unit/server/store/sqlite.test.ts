import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openSqliteStore } from '../../../../demo/server/store/sqlite';

let dataDir: string;

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('opening a database made before idempotency keys were unscoped', () => {
  it('moves the records to the key-only table, keeping the first record of a key used under two sessions', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stowage-db-'));
    const old = new Database(join(dataDir, DB_FILE_NAME));
    old.exec(`
      CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
        fingerprint TEXT NOT NULL, status INTEGER NOT NULL, headers TEXT NOT NULL, body TEXT,
        created_at TEXT NOT NULL, PRIMARY KEY (scope, key)
      );
      INSERT INTO idempotency_keys VALUES ('', 'k1', 'POST', '/api/notes', 'f', 201, '{}', '{"id":2}', '2026-01-02T00:00:00Z');
      INSERT INTO idempotency_keys VALUES ('alice', 'k1', 'POST', '/api/notes', 'f', 201, '{}', '{"id":1}', '2026-01-01T00:00:00Z');
      INSERT INTO idempotency_keys VALUES ('', 'k2', 'DELETE', '/api/notes/1', 'g', 204, '{}', NULL, '2026-01-03T00:00:00Z');
    `);
    old.close();

    const store = openSqliteStore(dataDir);
    expect(await store.getIdempotency('k1')).toMatchObject({ principal: 'alice', body: '{"id":1}' });
    expect(await store.getIdempotency('k2')).toMatchObject({ principal: null, status: 204 });
    expect(await store.countIdempotency()).toBe(2);
    await store.close();
  });
});
