// npm start, after scripts/start.ts: validates the configuration, builds the site when needed, starts
// the backend (embedded PGlite + PostgREST, a local PostgreSQL, or nothing on Supabase) and serves Astro.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer, type Server } from 'node:http';
import { createClient } from '@supabase/supabase-js';
import type { Database } from '../src/lib/database.types.ts';
import { readContentPayload, syncContent } from '../src/lib/server/content-sync.ts';
import { readSurveys, syncSurveys } from '../src/lib/server/evaluation-sync.ts';
import { readCriteria, syncCriteria } from '../src/lib/server/demonstration-sync.ts';
import { withSecurityHeaders } from '../src/lib/server/http/security-headers.ts';
import { readSmallBody } from '../src/lib/server/http/small-body.ts';
import { indexStaticFiles, serveStatic, validRequestUrl } from '../src/lib/server/http/static-files.ts';
import { builtSiteUrl, readStartEnv, servedAddress } from '../src/lib/server/runtime/env.ts';
import { startStack, type Stack } from '../src/lib/server/runtime/stack.ts';
import { addDemoActivity } from './demo-activity.ts';
import { demoLogins } from './demo-accounts.mjs';

const read = readStartEnv(process.env);
if (!read.ok) {
  console.error(read.message);
  process.exit(1);
}
const { env, mode } = read;

// Printed QR codes and links carry the site's address, fixed at build time: SITE_URL, or the
// address this server is reached at. A site built for another address is built again.
const siteUrl = process.env['SITE_URL'] || servedAddress(env.HOST, env.PORT);
const builtFor = builtSiteUrl() ?? '';
if (!existsSync('dist/server/entry.mjs') || process.env['REBUILD'] === '1' || builtFor !== siteUrl) {
  console.log(builtFor && builtFor !== siteUrl ? `站点是为 ${builtFor} 构建的，正在为 ${siteUrl} 重新构建…` : '正在构建站点（首次启动需要约 30 秒）…');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, SITE_URL: siteUrl } });
}

let stack: Stack | undefined;
if (mode !== 'supabase') {
  try {
    stack = await startStack({
      dataDir: env.DATA_DIR,
      databaseUrl: env.DATABASE_URL,
      seed: env.SEED === '1',
      supabaseSchema: env.SUPABASE_SCHEMA === '1',
      log: (line) => console.log(`[backend] ${line}`),
    });
  } catch (error) {
    console.error(`后端启动失败：${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  Object.assign(process.env, {
    SUPABASE_URL: stack.supabaseUrl,
    SUPABASE_ANON_KEY: stack.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
    SUPABASE_JWT_SECRET: stack.jwtSecret,
    POSTGREST_URL: stack.postgrestUrl,
  });
}

// Quiz banks and lessons go into the database on every start, so attempts can reference them.
try {
  const service = createClient<Database>(process.env['SUPABASE_URL'] ?? '', process.env['SUPABASE_SERVICE_ROLE_KEY'] ?? '', { auth: { persistSession: false } });
  const counts = await syncContent(service, await readContentPayload());
  console.log(`[content] 已同步 ${counts.quizzes} 套题库、${counts.questions} 道题、${counts.lessons} 节课`);
  console.log(`[content] 已同步示范学校评估标准 ${await syncCriteria(service, await readCriteria())} 项`);
  console.log(`[content] 已同步效果评估问卷 ${await syncSurveys(service, await readSurveys())} 份`);
  if (mode !== 'supabase' && env.SEED === '1' && env.DEMO_ACTIVITY === '1') {
    const added = await addDemoActivity(service);
    if (added) console.log(`[demo] 已加入演示学习记录 ${added.mastered} 条、课时 ${added.sessions} 次（DEMO_ACTIVITY=0 可关闭）`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  await stack?.stop();
  process.exit(1);
}

// The start's garbage (migrations, seed, content sync) goes before serving: the lean embedded
// process can collect it (runtime/lean.ts); elsewhere gc is not exposed and this does nothing.
(globalThis as { gc?: () => void }).gc?.();
let server: Server | undefined;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n收到 ${signal}，正在停止…`);
  server?.close();
  server?.closeAllConnections();
  await stack?.stop().catch((error: unknown) => console.error(error));
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

process.env['HOST'] = env.HOST;
// Evidence files: Supabase Storage on Supabase, a folder in DATA_DIR on the embedded and local-PostgreSQL stacks.
process.env['EVIDENCE_STORE'] ??= mode === 'supabase' ? 'supabase' : 'local';
process.env['DATA_DIR'] = env.DATA_DIR;
process.env['PORT'] = String(env.PORT);
process.env['SITE_URL'] = siteUrl;
// The adapter runs in middleware mode: Astro renders pages and actions, and this server sends the
// built files itself from an index made once (static-files.ts), so a rendered request costs no
// file system call and every response carries the security headers.
const entry = (await import(new URL('../dist/server/entry.mjs', import.meta.url).href)) as { handler: Parameters<typeof withSecurityHeaders>[0] };
const files = indexStaticFiles(resolve('dist/client'));
server = createServer(
  withSecurityHeaders((req, res) => {
    if (!validRequestUrl(req.url)) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('请求地址无效。');
    } else if (!serveStatic(files, req, res)) readSmallBody(req, res, () => entry.handler(req, res));
  }),
);
await new Promise<void>((resolve, reject) => {
  server?.once('error', reject);
  server?.listen(env.PORT, env.HOST, () => resolve());
});
console.log(`Server listening on http://${env.HOST}:${env.PORT}`);
console.log(
  `二维码和打印件上的链接指向 ${siteUrl}${siteUrl.includes('127.0.0.1') || siteUrl.includes('localhost') ? '（只有本机能打开；要让教室里的手机扫码，请用 HOST=0.0.0.0 启动或设置 SITE_URL）' : ''}`,
);
console.log(`\n清源课堂已启动（${mode === 'embedded' ? `内置数据库 ${env.DATA_DIR}/` : mode === 'postgres' ? 'PostgreSQL' : 'Supabase'}）：http://${env.HOST}:${env.PORT}/`);
if (mode === 'embedded' && env.SEED === '1') console.log(`演示账号：\n  ${demoLogins().join('\n  ')}`);
