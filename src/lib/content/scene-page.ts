/**
 * The icons a page has already drawn as `<symbol>`s, so each icon's paths appear once per page
 * however many pictures use it. Keyed by the page's request, which is unique per rendered page.
 */
const perPage = new WeakMap<object, Set<string>>();

/** The set of symbol ids drawn so far on the page being rendered. */
export function pageSymbols(request: object): Set<string> {
  let set = perPage.get(request);
  if (!set) {
    set = new Set();
    perPage.set(request, set);
  }
  return set;
}
