import type { AstroGlobal } from 'astro';

/** Why a page cannot be shown, and where to go instead. */
export interface Unavailable {
  status: 403 | 404;
  /** The heading, e.g. 找不到这个活动. */
  title: string;
  hint?: string;
  back: { href: string; label: string };
}

/**
 * Answers with the site's own page for something missing or refused (layout, navigation and a
 * way back) instead of a bare text response: an old event link shared in WeChat lands there.
 * @example if (!event) return unavailable(Astro, { status: 404, title: '找不到这个活动', back: { href: '/events/', label: '查看全部志愿活动' } });
 */
export function unavailable(astro: AstroGlobal, u: Unavailable): Promise<Response> {
  astro.locals.unavailable = u;
  return astro.rewrite('/unavailable/');
}
