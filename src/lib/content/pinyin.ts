import { pinyin } from 'pinyin-pro';

/**
 * Pinyin above the characters for the lower primary lessons, made at build time with pinyin-pro
 * (which reads whole words, so 银行 and 行走 get different readings). The page hides the `<rt>`
 * until the pupil or teacher ticks “显示拼音”; screen readers skip it (`aria-hidden`).
 * Nothing of pinyin-pro reaches the browser.
 */

/** A run of text: plain, or Han characters each with its reading. */
export type RubyPart = { text: string } | { han: { char: string; reading: string }[] };

/**
 * Splits text into plain runs and runs of Han characters with their pinyin.
 * @example rubyParts('我不要！') // [{ han: [{ char: '我', reading: 'wǒ' }, { char: '不', reading: 'bú' }, …] }, { text: '！' }]
 */
export function rubyParts(text: string): RubyPart[] {
  const parts: RubyPart[] = [];
  for (const item of pinyin(text, { type: 'all' })) {
    const last = parts.at(-1);
    if (item.isZh && item.pinyin) {
      const char = { char: item.origin, reading: item.pinyin };
      if (last && 'han' in last) last.han.push(char);
      else parts.push({ han: [char] });
    } else if (last && 'text' in last) last.text += item.origin;
    else parts.push({ text: item.origin });
  }
  return parts;
}

/** Elements whose text gets no pinyin: code, scripts, pictures and existing ruby. */
const skipped = new Set(['code', 'pre', 'script', 'style', 'svg', 'ruby', 'rt', 'rp', 'textarea', 'title']);

/**
 * Adds pinyin to rendered HTML: each Han character in text outside tags becomes its own
 * `<ruby>` (one per character, so the page can lay each out as a column of pinyin over character). Text inside {@link skipped} elements and attribute values are left alone; entities
 * stay as they are, since they are never Han characters.
 * @example addRuby('<p>我<b>不</b></p>') // '<p><ruby>我<rt aria-hidden="true">wǒ</rt></ruby><b><ruby>不<rt aria-hidden="true">bù</rt></ruby></b></p>'
 */
export function addRuby(html: string): string {
  const open: string[] = [];
  return html
    .split(/(<[^>]*>)/)
    .map((piece) => {
      const tag = /^<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>$/.exec(piece);
      if (tag) {
        const name = (tag[2] ?? '').toLowerCase();
        if (skipped.has(name) && !tag[3]) {
          if (tag[1]) open.splice(open.lastIndexOf(name), 1);
          else open.push(name);
        }
        return piece;
      }
      if (piece.startsWith('<') || open.length > 0 || !/\p{Script=Han}/u.test(piece)) return piece;
      return rubyParts(piece)
        .map((part) => ('text' in part ? part.text : part.han.map((h) => `<ruby>${h.char}<rt aria-hidden="true">${h.reading}</rt></ruby>`).join('')))
        .join('');
    })
    .join('');
}
