import { Agent, createServer, request } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running gateway; `url` is what supabase-js takes as the project URL. */
export interface Gateway {
  url: string;
  /** Stops accepting and closes open connections; safe to call twice. */
  stop(): Promise<void>;
}

const restPrefix = '/rest/v1';

// Hop-by-hop headers describe one connection, not the message, so they are not forwarded.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Serves a Supabase-shaped URL on loopback: supabase-js calls `<url>/rest/v1/<table>`, and
 * PostgREST serves `/<table>`, so `/rest/v1` is stripped and the rest is streamed through.
 * @example const gateway = await startGateway('http://127.0.0.1:41234'); createClient(gateway.url, key)
 */
export async function startGateway(postgrestUrl: string): Promise<Gateway> {
  const upstream = new URL(postgrestUrl);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const rest = url === restPrefix || url.startsWith(`${restPrefix}/`) || url.startsWith(`${restPrefix}?`);
    if (!rest) {
      sendJson(res, 404, { message: `No route for ${url}`, hint: `Only ${restPrefix}/* is served here` });
      return;
    }
    const path = url.slice(restPrefix.length);
    const headers = forwardable(req.headers);
    headers['host'] = upstream.host;
    const proxied = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        agent,
        method: req.method,
        path: path.startsWith('/') ? path : `/${path}`,
        headers,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, forwardable(upstreamRes.headers));
        upstreamRes.pipe(res);
      },
    );
    proxied.on('error', (error) => {
      if (res.headersSent) res.destroy(error);
      else sendJson(res, 502, { message: 'PostgREST is not reachable', details: error.message });
    });
    // A client that goes away mid-request should not leave the upstream request hanging.
    res.on('close', () => {
      if (!res.writableFinished) proxied.destroy();
    });
    req.pipe(proxied);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      agent.destroy();
    });
    return stopped;
  };
  return { url: `http://127.0.0.1:${port}`, stop };
}

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) kept[name] = value;
  }
  return kept;
}

function sendJson(res: ServerResponse, status: number, body: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
