import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SignJWT } from 'jose';

/** The two API keys a Supabase project hands out, both JWTs signed with the project secret. */
export interface ApiKeys {
  anonKey: string;
  serviceRoleKey: string;
}

/**
 * Reads a secret file, or creates it (mode 0600) with 48 random bytes, base64url.
 * Reused on later starts so sessions' JWTs and stored keys stay valid across restarts.
 */
export async function loadOrCreateSecret(file: string): Promise<string> {
  let flag = 'wx';
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing !== '') return existing;
    flag = 'w'; // an empty file left by a crash mid-write
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  // `wx` so two starts racing on a fresh directory cannot end up with different secrets.
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(file);
    throw error;
  }
  await chmod(file, 0o600); // the umask may have trimmed the mode; make it exact
  return secret;
}

/** The embedded JWT secret, kept in `<dataDir>/jwt-secret`; PostgREST verifies with it. */
export async function loadJwtSecret(dataDir: string): Promise<string> {
  return loadOrCreateSecret(join(dataDir, 'jwt-secret'));
}

/**
 * Mints long-lived anon and service_role keys the way Supabase does: HS256 JWTs whose
 * only meaningful claim is `role`, which PostgREST turns into `set role`.
 */
export async function mintApiKeys(jwtSecret: string): Promise<ApiKeys> {
  const key = new TextEncoder().encode(jwtSecret);
  const mint = (role: string): Promise<string> =>
    new SignJWT({ role }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('qingyuan').setIssuedAt().setExpirationTime('10y').sign(key);
  return { anonKey: await mint('anon'), serviceRoleKey: await mint('service_role') };
}
