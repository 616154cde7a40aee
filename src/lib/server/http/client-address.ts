import { isIP } from 'node:net';
import { config } from '~/lib/server/config';

/** The proxies TRUST_PROXY names, normalised; empty when none is trusted. */
export function trustedProxies(): string[] {
  return (config().TRUST_PROXY ?? '')
    .split(',')
    .map((a) => normalise(a.trim()))
    .filter((a) => a !== '');
}

function normalise(address: string): string {
  // An IPv4 peer on a dual-stack socket is reported as ::ffff:a.b.c.d.
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The address a request comes from: the socket's peer, unless that peer is a trusted reverse
 * proxy, in which case the right-most X-Forwarded-For entry that is not itself a trusted proxy
 * (entries further left were written by the client and prove nothing).
 * @example clientAddress('10.0.0.2', '203.0.113.7, 10.0.0.2', ['10.0.0.2']) // '203.0.113.7'
 */
export function clientAddress(peer: string, forwardedFor: string | null, trusted: readonly string[]): string {
  let address = normalise(peer);
  if (!trusted.includes(address) || !forwardedFor) return address;
  const hops = forwardedFor.split(',').map((h) => normalise(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? '';
    if (isIP(hop) === 0) return address;
    address = hop;
    if (!trusted.includes(hop)) return hop;
  }
  return address;
}

/**
 * The address of the client behind an action or page request (Astro's `clientAddress`, which
 * throws where no socket address is known, and X-Forwarded-For from a trusted proxy).
 */
export function requestAddress(context: { clientAddress: string; request: Request }): string {
  let peer = 'unknown';
  try {
    peer = context.clientAddress;
  } catch {
    // no socket address (not served by Node)
  }
  return clientAddress(peer, context.request.headers.get('x-forwarded-for'), trustedProxies());
}
