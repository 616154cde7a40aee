import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';

/** Where evidence bytes live. Keys are random ids made by `newEvidenceKey`, never user file names. */
export interface EvidenceStore {
  put(key: string, bytes: Uint8Array, type: string): Promise<void>;
  get(key: string): Promise<{ bytes: Uint8Array; type: string } | null>;
  delete(key: string): Promise<void>;
}

const keyPattern = /^[A-Za-z0-9_-]{16,64}$/;

function checkKey(key: string): string {
  if (!keyPattern.test(key)) throw new Error(`invalid evidence key: ${key}`);
  return key;
}

/** A new random key (128 bits, base64url). */
export function newEvidenceKey(): string {
  return randomBytes(16).toString('base64url');
}

/** Files in a folder, readable only by the server's user (mode 0600); the type sits beside the bytes. */
export class LocalStore implements EvidenceStore {
  constructor(readonly dir: string) {}

  async put(key: string, bytes: Uint8Array, type: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.dir, checkKey(key)), bytes, { mode: 0o600 });
    await writeFile(join(this.dir, `${key}.type`), type, { mode: 0o600 });
  }

  async get(key: string): Promise<{ bytes: Uint8Array; type: string } | null> {
    try {
      const [bytes, type] = await Promise.all([readFile(join(this.dir, checkKey(key))), readFile(join(this.dir, `${key}.type`), 'utf8')]);
      return { bytes: new Uint8Array(bytes), type };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await Promise.all([rm(join(this.dir, checkKey(key)), { force: true }), rm(join(this.dir, `${key}.type`), { force: true })]);
  }
}

/** Supabase Storage, private bucket `evidence`, through the service role (access is checked against RLS before). */
export class SupabaseStore implements EvidenceStore {
  private readonly bucket;
  constructor(url: string, serviceRoleKey: string) {
    this.bucket = createClient(url, serviceRoleKey, { auth: { persistSession: false } }).storage.from('evidence');
  }

  async put(key: string, bytes: Uint8Array, type: string): Promise<void> {
    const { error } = await this.bucket.upload(checkKey(key), bytes, { contentType: type, upsert: false });
    if (error) throw new Error(`保存佐证文件失败: ${error.message}`);
  }

  async get(key: string): Promise<{ bytes: Uint8Array; type: string } | null> {
    const { data, error } = await this.bucket.download(checkKey(key));
    if (error || !data) return null;
    return { bytes: new Uint8Array(await data.arrayBuffer()), type: data.type };
  }

  async delete(key: string): Promise<void> {
    const { error } = await this.bucket.remove([checkKey(key)]);
    if (error) throw new Error(`删除佐证文件失败: ${error.message}`);
  }
}

let cached: EvidenceStore | undefined;

/**
 * The store this server uses: `EVIDENCE_STORE=supabase` (set by `npm start` when it runs against
 * a Supabase project) or the folder `DATA_DIR/evidence` otherwise.
 */
export function evidenceStore(env: Record<string, string | undefined> = process.env): EvidenceStore {
  if (cached && env === process.env) return cached;
  const store =
    env['EVIDENCE_STORE'] === 'supabase'
      ? new SupabaseStore(env['SUPABASE_URL'] ?? '', env['SUPABASE_SERVICE_ROLE_KEY'] ?? '')
      : new LocalStore(join(env['DATA_DIR'] ?? '.data', 'evidence'));
  if (env === process.env) cached = store;
  return store;
}
