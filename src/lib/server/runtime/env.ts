import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { z } from 'astro/zod';

/**
 * What `npm start` reads from the environment. The backend is chosen by what is set:
 * SUPABASE_URL (with its keys) means a Supabase project; DATABASE_URL a local PostgreSQL;
 * neither the embedded PGlite in DATA_DIR.
 */
const schema = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number({ error: 'PORT 必须是数字' }).int().min(1, { error: 'PORT 必须在 1-65535 之间' }).max(65535, { error: 'PORT 必须在 1-65535 之间' }).default(4321),
    DATA_DIR: z.string().min(1).default('.data'),
    SEED: z.enum(['0', '1'], { error: 'SEED 只能是 0 或 1' }).default('1'),
    DEMO_ACTIVITY: z.enum(['0', '1'], { error: 'DEMO_ACTIVITY 只能是 0 或 1' }).default('1'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL 必须是 postgres:// 开头的连接地址' }).optional(),
    /** 1: the DATABASE_URL server already has Supabase's roles and auth schema (no bootstrap). */
    SUPABASE_SCHEMA: z.enum(['0', '1'], { error: 'SUPABASE_SCHEMA 只能是 0 或 1' }).default('0'),
    SUPABASE_URL: z.url({ protocol: /^https?$/, error: 'SUPABASE_URL 必须是 http(s) 地址' }).optional(),
    SUPABASE_ANON_KEY: z.string().min(20, { error: 'SUPABASE_ANON_KEY 太短' }).optional(),
    SUPABASE_SERVICE_ROLE_KEY: z.string().min(20, { error: 'SUPABASE_SERVICE_ROLE_KEY 太短' }).optional(),
    SUPABASE_JWT_SECRET: z.string().min(32, { error: 'SUPABASE_JWT_SECRET 至少 32 个字符' }).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.SUPABASE_URL === undefined) return;
    for (const key of ['SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_JWT_SECRET'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `设置了 SUPABASE_URL 时必须同时设置 ${key}` });
    }
    if (env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'DATABASE_URL 和 SUPABASE_URL 只能设置一个' });
  });

export type StartEnv = z.infer<typeof schema>;
export type BackendMode = 'embedded' | 'postgres' | 'supabase';

/** Parses the environment; the error lists every bad variable by name. */
export function readStartEnv(env: Record<string, string | undefined>): { ok: true; env: StartEnv; mode: BackendMode } | { ok: false; message: string } {
  // Empty strings count as unset, the way shells and .env files leave them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    return { ok: false, message: `配置有误，无法启动：\n${lines.join('\n')}` };
  }
  const mode: BackendMode = parsed.data.SUPABASE_URL ? 'supabase' : parsed.data.DATABASE_URL ? 'postgres' : 'embedded';
  return { ok: true, env: parsed.data, mode };
}

/** Where the build records the address its pages and QR codes carry (astro.config.mjs writes it). */
export const builtSiteFile = 'dist/site-url.txt';

/** The address the current build was made for, or null before the first build. */
export function builtSiteUrl(): string | null {
  return existsSync(builtSiteFile) ? readFileSync(builtSiteFile, 'utf8').trim() : null;
}

/**
 * The address phones and printouts should use for a server listening on `host`: that host, or for
 * 0.0.0.0 / :: (every interface) the machine's first LAN address, so a QR code on the classroom
 * projector opens on pupils' phones.
 * @example servedAddress('127.0.0.1', 4321) // 'http://127.0.0.1:4321'
 */
export function servedAddress(host: string, port: number, interfaces = networkInterfaces()): string {
  let name = host;
  if (host === '0.0.0.0' || host === '::') {
    const lan = Object.values(interfaces)
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    name = lan?.address ?? '127.0.0.1';
  }
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}
