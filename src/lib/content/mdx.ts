/**
 * Reads the parts of a lesson's MDX the checks need, without an MDX compiler: the frontmatter,
 * the `##` headings and the `<Scene … />` pictures, with the section each picture sits in.
 */

/** The frontmatter text and the body of an MDX file. */
export function splitFrontmatter(source: string): { front: string; body: string; bodyLine: number } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!m) return { front: '', body: source, bodyLine: 1 };
  return { front: m[1] ?? '', body: source.slice(m[0].length), bodyLine: m[0].split('\n').length };
}

/** A heading of the body: its level, its text and its line in the body (1-based). */
export interface Heading {
  level: number;
  text: string;
  line: number;
}

/** Body lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(body: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fenced = false;
  body.split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    else if (!fenced) out.push({ text, line: i + 1 });
  });
  return out;
}

/** Every Markdown heading (`#` … `######`) of the body. */
export function headings(body: string): Heading[] {
  return proseLines(body).flatMap(({ text, line }) => {
    const m = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(text);
    return m ? [{ level: (m[1] ?? '').length, text: (m[2] ?? '').trim(), line }] : [];
  });
}

/** A `<Scene … />` picture as written in the body. */
export interface SceneTag {
  items: string[] | undefined;
  caption: string | undefined;
  say: string | undefined;
  /** The `##` section it sits in ('' before the first one). */
  section: string;
  line: number;
  /** Whether the tag stands alone on its line(s). */
  ownLine: boolean;
  raw: string;
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|\\{\\s*"([^"]*)"\\s*\\})`, 'u').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function itemsOf(tag: string): string[] | undefined {
  const m = /\bitems\s*=\s*\{\s*\[([\s\S]*?)\]\s*\}/u.exec(tag);
  if (!m) return undefined;
  return [...(m[1] ?? '').matchAll(/["']([^"']*)["']/g)].map((x) => x[1] ?? '');
}

/** Every `<Scene … />` of the body, in order. */
export function scenes(body: string): SceneTag[] {
  const sectionAt: string[] = [];
  let current = '';
  for (const { text, line } of proseLines(body)) {
    const m = /^##\s+(.+?)\s*$/.exec(text);
    if (m) current = (m[1] ?? '').trim();
    sectionAt[line] = current;
  }
  const result: SceneTag[] = [];
  for (const m of body.matchAll(/<Scene\b[\s\S]*?\/>/g)) {
    const before = body.slice(0, m.index);
    const line = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const after = body.slice(m.index + m[0].length);
    const ownLine = body.slice(lineStart, m.index).trim() === '' && (after.split('\n')[0] ?? '').trim() === '';
    const raw = m[0];
    result.push({ items: itemsOf(raw), caption: attribute(raw, 'caption'), say: attribute(raw, 'say'), section: sectionAt[line] ?? '', line, ownLine, raw });
  }
  return result;
}

/** The body as prose text for counting and scanning: no Scene tags, no code, no Markdown marks. */
export function proseText(body: string): string {
  return proseLines(body.replace(/<Scene\b[\s\S]*?\/>/g, ''))
    .map(({ text }) => text)
    .join('\n');
}
