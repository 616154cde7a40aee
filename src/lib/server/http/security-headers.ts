import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers every response carries, static files included. The page's own policy (script and
 * style hashes) comes from Astro's CSP meta tag; what a meta tag cannot say (framing, and a
 * floor for objects and the base URL) is said here.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const textTypes = /^(text\/[a-z-]+|application\/(javascript|json|xml|manifest\+json)|image\/svg\+xml)$/;

/**
 * Wraps the server's handler: sets the security headers before it answers (a handler that sets its
 * own, such as the evidence endpoint's stricter policy, wins), and names UTF-8 on text types sent
 * without a charset.
 */
export function withSecurityHeaders(handler: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      const headers = args.find((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && !Array.isArray(a));
      const key = (name: string): string | undefined => headers && Object.keys(headers).find((k) => k.toLowerCase() === name);
      const typeKey = key('content-type');
      if (headers && typeKey) headers[typeKey] = withCharset(String(headers[typeKey]));
      else {
        const current = res.getHeader('content-type');
        if (typeof current === 'string') res.setHeader('content-type', withCharset(current));
      }
      // A page's own policy (Astro sends one for rendered pages) keeps its directives and gains
      // the header-only ones it lacks.
      const cspKey = key('content-security-policy');
      if (headers && cspKey) headers[cspKey] = withHeaderOnlyDirectives(String(headers[cspKey]));
      return writeHead(...args);
    }) as typeof res.writeHead;
    // A body refused before it was read in full (413) would keep the client uploading into a
    // connection nobody reads: once the answer is out, the connection is closed.
    res.once('finish', () => {
      if (!req.complete) setTimeout(() => req.destroy(), 50).unref();
    });
    handler(req, res);
  };
}

/** A policy with `frame-ancestors` and the other directives of ours that it does not set itself. */
export function withHeaderOnlyDirectives(policy: string): string {
  const present = new Set(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/)[0]?.toLowerCase())
      .filter(Boolean),
  );
  const missing = ours.filter((d) => !present.has(d.split(' ')[0] ?? ''));
  return [policy.trim().replace(/;$/, ''), ...missing].filter((d) => d !== '').join('; ');
}

const ours = (securityHeaders['Content-Security-Policy'] ?? '').split(';').map((d) => d.trim());

/** `text/html` → `text/html; charset=utf-8`; types that are not text, or already say, stay. */
export function withCharset(type: string): string {
  const base = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return textTypes.test(base) && !/charset=/i.test(type) ? `${base}; charset=utf-8` : type;
}
