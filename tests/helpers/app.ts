import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { mintApiKeys } from '../../src/lib/server/runtime/keys';

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
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '', ...options.env };
  const child: ChildProcess = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'scripts/start.ts'], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes('Server listening')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`start exited with ${code}:\n${log}`)));
    setTimeout(() => reject(new Error(`start timed out:\n${log}`)), 90_000);
  });
  const supabaseUrl = /backend ready at (\S+)/.exec(log)?.[1] ?? '';
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    supabaseUrl,
    output: () => log,
    service: async () => {
      const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
      const { serviceRoleKey } = await mintApiKeys(secret);
      return createClient(supabaseUrl, serviceRoleKey, { auth: { persistSession: false } });
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A tiny cookie-keeping client for form posts, the way a browser without JS behaves. */
export class Browserless {
  cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  private cookieHeader(): string {
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

  /** Posts a form the way the page's <form> does, with the page's Origin. */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(new URL(path, this.base), {
      method: 'POST',
      headers: { origin: this.base, 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    this.keep(response);
    return response;
  }
}
