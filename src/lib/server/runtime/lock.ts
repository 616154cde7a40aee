import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

/** A held lock; `release()` is safe to call more than once. */
export interface DataDirLock {
  path: string;
  release(): void;
}

// Locks this process holds, so a lock file carrying our own pid can be told apart:
// ours (a second start in this process, refused) or left by an earlier process that had the
// same pid (common in containers, where every start gets the same small pid; taken over).
const held = new Set<string>();

/**
 * Takes `<dataDir>/qingyuan.lock`, since two processes writing one PGlite data directory
 * silently lose data. A lock whose process is gone is taken over; a live one throws.
 * @example const lock = acquireDataDirLock('.data'); … lock.release();
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'qingyuan.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      held.add(path);
      return { path, release: () => release(path) };
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
    const owner = readOwner(path);
    if (owner !== undefined && isAlive(owner) && (owner !== process.pid || held.has(path))) {
      throw new Error(lockedMessage(dataDir, owner));
    }
    rmSync(path, { force: true }); // stale: its process has exited
  }
  throw new Error(lockedMessage(dataDir, readOwner(path) ?? 0));
}

function release(path: string): void {
  if (!held.delete(path)) return;
  // Only remove the file if it is still ours (never someone's who took it over meanwhile).
  if (readOwner(path) === process.pid) rmSync(path, { force: true });
}

function lockedMessage(dataDir: string, pid: number): string {
  const rel = relative(process.cwd(), dataDir);
  const shown = `${rel === '' || rel.startsWith('..') || isAbsolute(rel) ? dataDir : rel}/`;
  return `数据目录 ${shown} 已被进程 ${pid} 占用（another Qingyuan process is using ${shown}）`;
}

/** The pid in the lock file; undefined when it is missing or unreadable (treated as stale). */
function readOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 checks existence without touching the process
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isAlreadyExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EEXIST';
}
