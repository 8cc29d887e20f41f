import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { revisionOf, type BuiltFile } from './manifest.js';

/**
 * The files of Vite's `publicDir`, which it copies to the output unchanged and leaves out of the
 * bundle: read from the source folder (what the build copies), each revisioned by its content hash
 * since its URL never changes.
 */
export async function publicFilesOf(publicDir: string | false): Promise<BuiltFile[]> {
  if (!publicDir) return [];
  const names = await readdir(publicDir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = names.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(
    files.sort().map(async (file) => {
      const bytes = await readFile(file);
      return { fileName: relative(publicDir, file).split(sep).join('/'), bytes: bytes.length, revision: revisionOf(bytes) };
    }),
  );
}
