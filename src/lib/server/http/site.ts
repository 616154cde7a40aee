/**
 * The site's public address for links that leave the page (a check-in QR code, an .ics file):
 * SITE_URL when the server has it, else the address the site was built for. Never the
 * request's Host header, which the client chooses.
 */
export function publicOrigin(): string {
  const configured = process.env['SITE_URL'] || import.meta.env.SITE || 'http://localhost:4321';
  try {
    return new URL(configured).origin;
  } catch {
    return 'http://localhost:4321';
  }
}

/** An absolute link to a path of this site. */
export function publicUrl(path: string): string {
  return new URL(path, publicOrigin()).href;
}
