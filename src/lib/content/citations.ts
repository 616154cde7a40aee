/**
 * Finds the law citations (`《刑法》第三百四十七条`, `禁毒法第二条`) and dates (`2008年6月1日`,
 * `2023年10月`) in Chinese text, so a test and the lesson checker can hold each one against the
 * fact table. Pure string work: no I/O.
 */

/** Laws cited by their short name; the full name adds 中华人民共和国 where the statute has it. */
export const knownLaws = [
  '中华人民共和国禁毒法',
  '中华人民共和国刑法',
  '中华人民共和国治安管理处罚法',
  '易制毒化学品管理条例',
  '中华人民共和国道路交通安全法',
  '中华人民共和国未成年人保护法',
  '中华人民共和国预防未成年人犯罪法',
  '中华人民共和国药品管理法',
  '麻醉药品和精神药品管理条例',
] as const;

/**
 * The key a law is compared by: its name without 《》 and without 中华人民共和国.
 * @example lawKey('《中华人民共和国禁毒法》') // '禁毒法'
 */
export function lawKey(name: string): string {
  return name.replace(/[《》\s]/g, '').replace(/^中华人民共和国/, '');
}

const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const units: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * An article number written in Chinese numerals or Arabic digits; NaN when it is neither.
 * @example articleNumber('三百四十七') // 347
 * @example articleNumber('第十七条') // 17
 */
export function articleNumber(text: string): number {
  const s = text.replace(/^第/, '').replace(/条$/, '').trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(s)) return Number.NaN;
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in digits) current = digits[ch] ?? 0;
    else {
      total += (current === 0 ? 1 : current) * (units[ch] ?? 1);
      current = 0;
    }
  }
  return total + current;
}

/** One law article named in a text. */
export interface Citation {
  /** The law's comparison key (see {@link lawKey}); '' when the name could not be made out. */
  law: string;
  article: number;
  /** The citation as written, e.g. `《刑法》第三百四十七条`. */
  raw: string;
  /** Text in quotation marks right after the citation, if any (`……规定：“…”`). */
  quote?: string;
}

const numeral = '[零〇一二两三四五六七八九十百千\\d]+';
const bracketed = new RegExp(`《([^》]{1,40})》第(${numeral})条`, 'gu');
const bare = new RegExp(`([\\p{Script=Han}]{1,24}?(?:法|条例))第(${numeral})条`, 'gu');
const chained = new RegExp(`^(?:第[一二三四五六七八九十\\d]+款)?[、和及与或至到]第(${numeral})条`, 'u');
/** A few words (规定、明确规定、写道) and a colon between a citation and its quotation. */
const quoteAfter = /^(?:第[一二三四五六七八九十\d]+款)?[^“”。！？，,；：:第\n]{0,8}[：:，,]?\s*“([^”]{2,})”/u;

/** The known law a bare `…法第…条` citation ends with (longest match), or '' if none. */
function bareLaw(prefix: string, laws: readonly string[]): string {
  const keys = laws.map(lawKey).sort((a, b) => b.length - a.length);
  return keys.find((key) => prefix.endsWith(key)) ?? '';
}

/**
 * Every article citation in `text`: bracketed (`《…》第…条`), bare (`刑法第…条`) and the articles
 * chained after them (`第三百四十七条、第三百四十八条`). A bare citation's law is matched
 * against `laws` (the known short names plus those in the fact table).
 */
export function findCitations(text: string, laws: readonly string[] = knownLaws): Citation[] {
  const found: { index: number; end: number; citation: Citation }[] = [];
  const taken = new Set<number>();
  for (const m of text.matchAll(bracketed)) {
    found.push({ index: m.index, end: m.index + m[0].length, citation: { law: lawKey(m[1] ?? ''), article: articleNumber(m[2] ?? ''), raw: m[0] } });
    for (let i = m.index; i < m.index + m[0].length; i++) taken.add(i);
  }
  for (const m of text.matchAll(bare)) {
    const numberAt = m.index + m[0].lastIndexOf('第');
    if (taken.has(numberAt)) continue;
    const prefix = m[1] ?? '';
    const law = bareLaw(prefix, laws);
    const raw = law ? m[0].slice(prefix.length - law.length) : m[0];
    found.push({ index: m.index, end: m.index + m[0].length, citation: { law, article: articleNumber(m[2] ?? ''), raw } });
  }
  found.sort((a, b) => a.index - b.index);
  const result: Citation[] = [];
  for (const item of found) {
    let end = item.end;
    let current = item.citation;
    result.push(current);
    for (;;) {
      const rest = text.slice(end);
      const quote = quoteAfter.exec(rest);
      if (quote?.[1]) current.quote = quote[1];
      const next = chained.exec(rest);
      if (!next) break;
      current = { law: item.citation.law, article: articleNumber(next[1] ?? ''), raw: `${item.citation.raw.replace(/第[^第]*条$/, '')}第${next[1]}条` };
      result.push(current);
      end += next[0].length;
    }
  }
  return result;
}

/** A date named in a text: `YYYY-MM-DD`, or `YYYY-MM` when only the month is written. */
export interface DateMention {
  iso: string;
  raw: string;
}

const datePattern = /(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?/gu;

/**
 * Every `YYYY年M月D日` and `YYYY年M月` date in `text`.
 * @example findDates('2008年6月1日起施行') // [{ iso: '2008-06-01', raw: '2008年6月1日' }]
 */
export function findDates(text: string): DateMention[] {
  return [...text.matchAll(datePattern)].map((m) => {
    const month = (m[2] ?? '').padStart(2, '0');
    const iso = m[3] ? `${m[1]}-${month}-${m[3].padStart(2, '0')}` : `${m[1]}-${month}`;
    return { iso, raw: m[0] };
  });
}

/** What the checks need to know of a fact-table entry. */
export interface FactLike {
  id: string;
  law?: string | undefined;
  article?: string | undefined;
  dates?: readonly string[] | undefined;
  quote?: string | undefined;
}

/** Whether a quotation (possibly with `……` gaps) is part of the statute text, in order. */
export function quoteIsPartOf(quoted: string, statute: string): boolean {
  const clean = (s: string): string => s.replace(/\s+/g, '');
  const whole = clean(statute);
  let from = 0;
  for (const piece of clean(quoted)
    .replace(/[。；，]$/u, '')
    .split(/…+|⋯+/u)
    .filter(Boolean)) {
    const at = whole.indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/**
 * The problems of one text against the fact table, as Chinese sentences: citations and dates
 * with no entry, and quoted statute text that is not in the entry's `quote`.
 */
export function unsupportedMentions(text: string, facts: readonly FactLike[]): string[] {
  const laws = [...knownLaws, ...facts.flatMap((f) => (f.law ? [f.law] : []))];
  const problems: string[] = [];
  for (const c of findCitations(text, laws)) {
    if (!c.law) {
      problems.push(`“${c.raw}”：认不出是哪部法律，请写全称或《禁毒法》《刑法》等简称`);
      continue;
    }
    const entries = facts.filter((f) => f.law && f.article && lawKey(f.law) === c.law && articleNumber(f.article) === c.article);
    if (entries.length === 0) {
      problems.push(`“${c.raw}”：事实表（content/facts）里没有《${c.law}》第${c.article}条的条目`);
    } else if (c.quote !== undefined && !entries.some((f) => f.quote && quoteIsPartOf(c.quote ?? '', f.quote))) {
      problems.push(`“${c.raw}”后引号里的“${c.quote}”不是事实表所记的法条原文；请照原文引用，或去掉引号改为转述`);
    }
  }
  const known = facts.flatMap((f) => f.dates ?? []);
  for (const d of findDates(text)) {
    const ok = d.iso.length === 10 ? known.includes(d.iso) : known.some((k) => k.startsWith(d.iso));
    if (!ok) problems.push(`日期“${d.raw}”在事实表（content/facts）的 dates 里没有`);
  }
  return problems;
}
