/*
 * The service worker of one lesson's classroom pages (served as /lessons/<band>/<slug>/classroom/sw.js,
 * scope that folder): it keeps the presenter view and its notes window working when the school's
 * network drops after they loaded. On install it caches both pages and every /_astro/ file they
 * load; pages are answered from the cache at once and refreshed in the background (with their
 * files, so a fresh page never points at a file that is not cached); /_astro/ files, whose names
 * carry their hash, come from the cache first. Nothing outside this scope is controlled.
 * VERSION is set to a hash of the lesson when the file is built, so an edited lesson installs a
 * new worker.
 */
const VERSION = '__VERSION__';
const SCOPE = new URL(self.registration.scope).pathname;
const CACHE = `qingyuan-classroom:${SCOPE}:${VERSION}`;
const PAGES = [SCOPE, `${SCOPE}notes/`];

/** The /_astro/ files a page or script names, followed through the scripts' imports. */
async function assetsOf(text) {
  const found = new Set();
  const queue = [...text.matchAll(/["'(](\/_astro\/[^"')\s]+)/g)].map((m) => m[1]);
  while (queue.length > 0) {
    const path = queue.pop();
    if (found.has(path)) continue;
    found.add(path);
    if (!path.endsWith('.js')) continue;
    const code = await fetch(path).then(
      (r) => (r.ok ? r.text() : ''),
      () => '',
    );
    for (const m of code.matchAll(/["'](?:\.\/|\/_astro\/)([\w.-]+\.(?:js|css))["']/g)) queue.push(`/_astro/${m[1]}`);
  }
  return [...found];
}

/** Fetches a page and its files into the cache; the page goes in last, once its files are there. */
async function store(cache, page) {
  const response = await fetch(page, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${page}: ${response.status}`);
  const text = await response.clone().text();
  const missing = [];
  for (const asset of await assetsOf(text)) if (!(await cache.match(asset))) missing.push(asset);
  await cache.addAll(missing);
  await cache.put(page, response);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all(PAGES.map((page) => store(cache, page))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(`qingyuan-classroom:${SCOPE}:`) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The cached page a navigation asks for: the view or its notes, with or without the final slash. */
function pageOf(url) {
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return PAGES.includes(path) ? path : null;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const page = request.mode === 'navigate' ? pageOf(url) : null;
  if (page) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const cached = await cache.match(page);
        const refresh = store(cache, page).catch(() => undefined);
        if (cached) {
          event.waitUntil(refresh);
          return cached;
        }
        await refresh;
        return (await cache.match(page)) ?? fetch(request);
      }),
    );
    return;
  }
  if (!url.pathname.startsWith('/_astro/')) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const cached = await cache.match(url.pathname);
      if (cached) return cached;
      const response = await fetch(request);
      if (response.ok) await cache.put(url.pathname, response.clone());
      return response;
    }),
  );
});
