import type { AstroCookies } from 'astro';

export const sessionCookie = 'qy_session';

/**
 * Sets the session cookie: HttpOnly so scripts never see it, SameSite=Lax so other sites
 * cannot post with it, Secure everywhere but plain-http localhost.
 */
export function setSessionCookie(cookies: AstroCookies, url: URL, token: string, expiresAt: Date): void {
  cookies.set(sessionCookie, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureOrigin(url),
    path: '/',
    expires: expiresAt,
  });
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  cookies.delete(sessionCookie, { path: '/' });
}

/** Cookies are Secure everywhere but on plain-http localhost, where a browser would drop them. */
export function isSecureOrigin(url: URL): boolean {
  return !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}
