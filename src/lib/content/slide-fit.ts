import { listItems, parseTable, tableHtml, textOf, type Block } from './html-blocks.ts';

/**
 * How much room a block takes on a projected slide, in lines of body text, and how to cut a run of
 * blocks into slides that fit. The figures are for a 1920×1080 projector with the presenter view's
 * type (about 40 px, 1.5 line height): about 13 lines under the heading, 44 Han characters a line
 * across the slide, 24 beside a picture. The page shrinks type a little on the rare slide that still
 * overflows (see deck-client.ts); a test walks every slide of the built lessons at 1920×1080.
 */

/** Lines of body text one slide holds. */
export const slideLines = 14;
/** Han characters a line across the whole slide. */
export const wideLine = 44;
/** Han characters a line beside a picture. */
export const besideLine = 24;

const gap = 0.35;

/** Text length as it sets: Han and full-width characters 1, others about half. */
function width(text: string): number {
  return [...text].reduce((w, ch) => w + (/[\u2E80-\uFFEF]/u.test(ch) ? 1 : 0.55), 0);
}

/** Lines a block takes at `perLine` Han characters a line. */
export function blockLines(block: Block, perLine: number): number {
  if (block.tag === 'ol' || block.tag === 'ul') {
    return listItems(block.html).reduce((n, item) => n + Math.ceil((width(textOf(item)) + 1.5) / perLine), 0) + gap;
  }
  if (block.tag === 'table') {
    // Tables set at 0.85 of the body size, so a line holds a little more.
    const table = parseTable(block.html);
    const columns = Math.max(1, table.head.length || (table.rows[0]?.length ?? 1));
    const perCell = Math.max(4, (perLine / 0.85 / columns) * 0.9);
    const rowLines = (row: string[]): number => Math.max(1, ...row.map((c) => Math.ceil(width(textOf(c)) / perCell)));
    return [table.head, ...table.rows].filter((r) => r.length > 0).reduce((n, r) => n + rowLines(r) * 0.85 + 0.25, 0) + gap;
  }
  return Math.ceil(width(textOf(block.html)) / perLine) + gap;
}

function listHtml(tag: string, items: readonly string[], start: number): string {
  const attr = tag === 'ol' && start !== 1 ? ` start="${start}"` : '';
  return `<${tag}${attr}>${items.map((i) => `<li>${i}</li>`).join('')}</${tag}>`;
}

/**
 * Splits a list or a table in two: as many items or rows as fit in `budget` lines (at least one),
 * and the rest (none when all fit).
 */
function take(block: Block, perLine: number, budget: number): [Block, Block | undefined] {
  if (block.tag === 'table') {
    const table = parseTable(block.html);
    let n = 1;
    while (n < table.rows.length && blockLines({ tag: 'table', html: tableHtml({ head: table.head, rows: table.rows.slice(0, n + 1) }) }, perLine) <= budget) n++;
    const rest = table.rows.slice(n);
    return [
      { tag: 'table', html: tableHtml({ head: table.head, rows: table.rows.slice(0, n) }) },
      rest.length > 0 ? { tag: 'table', html: tableHtml({ head: table.head, rows: rest }) } : undefined,
    ];
  }
  const start = Number(/\bstart="(\d+)"/.exec(block.html)?.[1] ?? 1);
  const items = listItems(block.html);
  let n = 1;
  while (n < items.length && blockLines({ tag: block.tag, html: listHtml(block.tag, items.slice(0, n + 1), start) }, perLine) <= budget) n++;
  const rest = items.slice(n);
  return [{ tag: block.tag, html: listHtml(block.tag, items.slice(0, n), start) }, rest.length > 0 ? { tag: block.tag, html: listHtml(block.tag, rest, start + n) } : undefined];
}

/**
 * Cuts a run of blocks into pages: the first page at `firstPerLine` characters a line (beside a
 * picture, or across), the rest across the slide. A paragraph never splits; a list or a table is
 * cut between items or rows when it does not fit, so a lead-in line keeps its list on its page.
 */
export function paginate(blocks: readonly Block[], firstPerLine: number, budget = slideLines): Block[][] {
  const pages: Block[][] = [];
  let page: Block[] = [];
  let used = 0;
  const close = (): void => {
    pages.push(page);
    page = [];
    used = 0;
  };
  const queue = [...blocks];
  while (queue.length > 0) {
    const block = queue.shift() as Block;
    const perLine = pages.length === 0 ? firstPerLine : wideLine;
    const lines = blockLines(block, perLine);
    if (used + lines <= budget || (page.length === 0 && lines <= budget)) {
      page.push(block);
      used += lines;
      continue;
    }
    const divisible = block.tag === 'ol' || block.tag === 'ul' || block.tag === 'table';
    const room = budget - used;
    if (divisible && (page.length === 0 || room >= 3)) {
      const [head, rest] = take(block, perLine, page.length === 0 ? budget : room);
      if (page.length === 0 || blockLines(head, perLine) <= room) {
        page.push(head);
        if (rest) queue.unshift(rest);
        close();
        continue;
      }
    }
    if (page.length === 0) {
      page.push(block);
      close();
      continue;
    }
    close();
    queue.unshift(block);
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}
