import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { inject } from 'vitest';
import { builtSiteUrl } from '~/lib/server/runtime/env';
import { mintApiKeys } from '~/lib/server/runtime/keys';

/** A running `npm start` in a child process, as a user would have it. */
export interface App {
  url: string;
  dataDir: string;
  /** The backend's Supabase-style URL, from the start log. */
  supabaseUrl: string;
  output: () => string;
  /** A service-role client for checking what was (not) written. */
  service: () => Promise<SupabaseClient>;
  stop: () => Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the platform like `npm start` does (the built site must exist) on a fresh or given
 * data folder and a free port; resolves once Astro listens.
 */
export async function startApp(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<App> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'qy-app-'));
  const port = await freePort();
  // The address the test build was made for (dist/site-url.txt), so start does not build again for this port.
  const built = builtSiteUrl() ?? 'http://localhost:4321';
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: '',
    DEMO_ACTIVITY: '0',
    SITE_URL: built,
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'scripts/start.ts'], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes('Server listening')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`start exited with ${code}:\n${log}`)));
    timer = setTimeout(() => reject(new Error(`start timed out:\n${log}`)), 90_000);
  }).finally(() => clearTimeout(timer));
  const supabaseUrl = /backend ready at (\S+)/.exec(log)?.[1] ?? '';
  return appAt(
    dataDir,
    supabaseUrl,
    `http://127.0.0.1:${port}`,
    () => log,
    async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  );
}

/** An App for a running stack: its address, data folder and backend, and a service-role client on demand. */
function appAt(dataDir: string, supabaseUrl: string, url: string, output: () => string, stop: () => Promise<number | null>): App {
  return {
    url,
    dataDir,
    supabaseUrl,
    output,
    service: async () => {
      const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
      const { serviceRoleKey } = await mintApiKeys(secret);
      return createClient(supabaseUrl, serviceRoleKey, { auth: { persistSession: false } });
    },
    stop,
  };
}

/**
 * The app the app project's global setup started once (tests/helpers/app-setup.ts) for the suites
 * that can share it: they make or pick data of their own. Its `stop` does nothing (the setup stops
 * it after the last file) and its start log stays with the setup.
 */
export async function sharedApp(): Promise<App> {
  const { url, dataDir, supabaseUrl } = inject('sharedApp');
  return appAt(
    dataDir,
    supabaseUrl,
    url,
    () => '',
    async () => null,
  );
}

/** A tiny cookie-keeping client for form posts, the way a browser without JS behaves. */
export class Browserless {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<Response> {
    const response = await fetch(new URL(path, this.base), { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.keep(response);
    return response;
  }

  /** Posts a form the way the page's <form> does, with the page's Origin; an array is a field sent once per value. */
  async post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    const response = await fetch(new URL(path, this.base), {
      method: 'POST',
      headers: { origin: this.base, 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...headers },
      body: body.toString(),
      redirect: 'manual',
    });
    this.keep(response);
    return response;
  }
}

/** Signs a Browserless client in; returns it. */
export async function signedIn(app: App, who: { account: string; password?: string } | { schoolCode: string; studentNumber: string; password?: string }): Promise<Browserless> {
  const b = new Browserless(app.url);
  const r =
    'account' in who
      ? await b.post('/login/?_action=auth.signInAdult', { account: who.account, password: who.password ?? 'qingyuan2026' })
      : await b.post('/login/?_action=auth.signInStudent', { schoolCode: who.schoolCode, studentNumber: who.studentNumber, password: who.password ?? 'xuesheng2026' });
  if (r.status !== 303) throw new Error(`sign-in failed with ${r.status}`);
  return b;
}

/**
 * Changes a first password the office or a teacher gave (required before any other request);
 * returns the client, now free to act.
 */
export async function changeFirstPassword(b: Browserless, current: string, next = 'huojian-lanse-77'): Promise<Browserless> {
  const r = await b.post('/account/password/?_action=auth.changePassword', { current, next, repeat: next });
  if (r.status !== 303) throw new Error(`password change failed with ${r.status}`);
  return b;
}

/** Calls an action as JSON with the client's cookie; returns the status and the parsed body. */
export async function callAction<T = unknown>(b: Browserless, name: string, input: unknown): Promise<{ status: number; data: T; message: string }> {
  const r = await fetch(new URL(`/_actions/${name}`, b.base), {
    method: 'POST',
    headers: { origin: b.base, 'content-type': 'application/json', accept: 'application/json', cookie: b.cookieHeader() },
    body: JSON.stringify(input),
  });
  const text = await r.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const message = (body as { message?: string } | null)?.message ?? '';
  return { status: r.status, data: r.ok ? (devalue(body) as T) : (body as T), message };
}

/**
 * Astro serialises action results with devalue's flat form: an array whose first item maps
 * keys to indexes. Rebuilds the plain value.
 */
function devalue(flat: unknown): unknown {
  if (!Array.isArray(flat)) return flat;
  const hydrate = (index: number): unknown => {
    const v = flat[index];
    if (Array.isArray(v)) return v.map((i: number) => hydrate(i));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, number>).map(([k, i]) => [k, hydrate(i)]));
    return v;
  };
  return hydrate(0);
}
