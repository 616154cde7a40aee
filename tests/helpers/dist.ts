import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The built static site; `npm test` builds it first. */
export const clientDir = join(process.cwd(), 'dist/client');

/** Fails with a useful message when the build is missing. */
export function requireBuild(): void {
  if (!existsSync(join(clientDir, 'index.html'))) throw new Error('dist/client 不存在：先运行 npm run build（npm test 会自动构建）');
}

/** Every file under a folder, as paths relative to it. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** The text of a built file. */
export function readBuilt(path: string): string {
  return readFileSync(join(clientDir, path), 'utf8');
}
