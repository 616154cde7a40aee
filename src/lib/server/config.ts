import { z } from '~/lib/zod-zh';
import { localFetch } from '~/lib/server/http/local-fetch';

/**
 * The server's configuration, read from the environment and validated once. In embedded and
 * local-PostgreSQL modes `npm start` fills the SUPABASE_* values from the stack it starts; on
 * Supabase they come from the project settings.
 */
export const configSchema = z.object({
  SUPABASE_URL: z.url({ protocol: /^https?$/, error: 'SUPABASE_URL 必须是 http(s) 地址' }),
  SUPABASE_ANON_KEY: z.string().min(20, { error: 'SUPABASE_ANON_KEY 太短，不像是有效的密钥' }),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20, { error: 'SUPABASE_SERVICE_ROLE_KEY 太短，不像是有效的密钥' }),
  SUPABASE_JWT_SECRET: z.string().min(32, { error: 'SUPABASE_JWT_SECRET 至少要 32 个字符' }),
  /**
   * Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated IPs), for
   * the sign-in throttle; unset, the socket's peer address counts and forwarded headers are ignored.
   */
  TRUST_PROXY: z.string().max(2000).optional(),
  /**
   * PostgREST's own address on this machine (npm start sets it on the embedded and PostgreSQL
   * stacks): the server's calls go straight there instead of through the /rest/v1 gateway.
   */
  POSTGREST_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where password-reset e-mails go out: smtp://user:pass@host:port (smtps:// for TLS). Unset: no e-mail channel. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL 必须是 smtp:// 或 smtps:// 开头的地址' }).optional(),
  /** The sender of those e-mails. */
  MAIL_FROM: z.string().max(200).default('清源课堂 <noreply@qingyuan.invalid>'),
  /** Minutes a per-request database token lives. */
  DB_TOKEN_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
});
export type Config = z.infer<typeof configSchema>;

let cached: Config | undefined;

/** Turns a failed parse into one line per variable, naming each. */
export function describeConfigError(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join('.') || '(环境变量)'}: ${i.message}`).join('\n');
}

/**
 * The validated configuration; throws a message naming every missing or malformed variable.
 */
export function config(env: Record<string, string | undefined> = process.env): Config {
  if (cached && env === process.env) return cached;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) throw new Error(`配置有误，服务无法启动：\n${describeConfigError(parsed.error)}`);
  if (env === process.env) cached = parsed.data;
  return parsed.data;
}

/**
 * The fetch supabase-js clients use: straight to PostgREST when it runs on this machine
 * (one hop less per query than the gateway, on kept-alive node:http connections: local-fetch.ts),
 * the plain fetch otherwise.
 */
export function backendFetch(cfg: Config = config()): typeof fetch {
  const direct = cfg.POSTGREST_URL;
  if (!direct) return fetch;
  const prefix = `${cfg.SUPABASE_URL.replace(/\/$/, '')}/rest/v1`;
  const target = direct.replace(/\/$/, '');
  const sendDirect = target.startsWith('http://') ? localFetch : fetch;
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(prefix)) return fetch(input, init);
    const direct = `${target}${url.slice(prefix.length)}`;
    return typeof input === 'string' ? sendDirect(direct, init) : fetch(direct, init);
  };
}
