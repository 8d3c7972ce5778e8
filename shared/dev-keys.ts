import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A dev key kept in the local data folder, generated on first use (mode 0600). */
export async function devKey(dir: string, name: string, generate: () => string): Promise<string> {
  const path = join(dir, name);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const value = generate();
    await writeFile(path, value, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
    await chmod(path, 0o600).catch(() => undefined);
    return (await readFile(path, 'utf8')).trim();
  }
}
