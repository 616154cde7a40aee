/**
 * Small readers for the HTML a lesson's MDX renders to: its top-level blocks, their text, and the
 * rows of a table. The MDX compiler's output is regular (one block a line, no nested tables), so a
 * tag counter is enough; nothing here is meant for HTML from anywhere else.
 */

/** A top-level element of rendered HTML. */
export interface Block {
  /** Lower-case tag name: `h2`, `p`, `ol`, `ul`, `table`, `figure`, … */
  tag: string;
  html: string;
}

const voidTags = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const tagPattern = /<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/g;

/**
 * Splits HTML into its top-level elements, in order; text between them that is not blank
 * becomes a `p` block of its own.
 * @example topLevelBlocks('<h2>a</h2>\n<p>b <em>c</em></p>').map((b) => b.tag) // ['h2', 'p']
 */
export function topLevelBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  let depth = 0;
  let start = 0;
  let tag = '';
  let textFrom = 0;
  for (const m of html.matchAll(tagPattern)) {
    const [whole, closing, rawName, selfClosing] = m;
    const name = (rawName ?? '').toLowerCase();
    const at = m.index;
    const single = selfClosing === '/' || (closing !== '/' && voidTags.has(name));
    if (depth === 0 && closing !== '/') {
      const text = html.slice(textFrom, at).trim();
      if (text) blocks.push({ tag: 'p', html: `<p>${text}</p>` });
      start = at;
      tag = name;
    }
    if (closing === '/') depth = Math.max(0, depth - 1);
    else if (!single) depth++;
    if (depth === 0) {
      const end = at + whole.length;
      blocks.push({ tag, html: html.slice(start, end) });
      textFrom = end;
    }
  }
  const rest = html.slice(textFrom).trim();
  if (rest) blocks.push({ tag: 'p', html: `<p>${rest}</p>` });
  return blocks;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of an HTML fragment: tags dropped, entities decoded, white space collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
      if (name[0] === '#') return String.fromCodePoint(name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** The inner HTML of an element's outer HTML. */
export function innerOf(html: string): string {
  return html.replace(/^<[^>]*>/, '').replace(/<\/[^>]*>\s*$/, '');
}

/** The `<li>` items of a list, as inner HTML. */
export function listItems(html: string): string[] {
  return topLevelBlocks(innerOf(html))
    .filter((b) => b.tag === 'li')
    .map((b) => innerOf(b.html));
}

/** A table as its header cells and body rows, each cell as inner HTML. */
export interface Table {
  head: string[];
  rows: string[][];
}

/** Reads a Markdown table's HTML (one `thead` row, any number of body rows). */
export function parseTable(html: string): Table {
  const cells = (row: string): string[] => [...row.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => (m[1] ?? '').trim());
  const rows = [...html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1] ?? ''));
  const hasHead = /<thead\b/.test(html);
  return { head: hasHead ? (rows[0] ?? []) : [], rows: hasHead ? rows.slice(1) : rows };
}

/** Writes a table back as HTML, keeping only the columns asked for (all when omitted). */
export function tableHtml(table: Table, columns?: readonly number[]): string {
  const keep = columns ?? table.head.map((_, i) => i);
  const row = (cells: string[], cell: 'th' | 'td'): string => `<tr>${keep.map((i) => `<${cell}${cell === 'th' ? ' scope="col"' : ''}>${cells[i] ?? ''}</${cell}>`).join('')}</tr>`;
  const head = table.head.length > 0 ? `<thead>${row(table.head, 'th')}</thead>` : '';
  return `<table>${head}<tbody>${table.rows.map((r) => row(r, 'td')).join('')}</tbody></table>`;
}
