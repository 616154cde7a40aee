import { describe, expect, test } from 'vitest';
import { addRuby, rubyParts } from './pinyin';
import { sceneSvg } from './scene-svg';

describe('sceneSvg', () => {
  test('draws the icons once as symbols and reuses them', () => {
    const defined = new Set<string>();
    const first = sceneSvg({ items: ['girl-light', 'candy'], say: '谢谢，我不要！', seed: 'a', defined }).svg;
    const second = sceneSvg({ items: ['candy'], seed: 'b', defined }).svg;
    expect(first.match(/<symbol/g)).toHaveLength(2);
    expect(first).toContain('谢谢，我不要！');
    expect(second).not.toContain('<symbol');
    expect(second).toContain('href="#fe-candy"');
    expect(first).toMatch(/^<svg[^>]*aria-hidden="true"/);
    expect(first).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  test('refuses an unknown or frightening icon and more than four', () => {
    expect(() => sceneSvg({ items: ['no-such-icon'], seed: 'a' })).toThrow(/no-such-icon/);
    expect(() => sceneSvg({ items: ['syringe'], seed: 'a' })).toThrow(/syringe/);
    expect(() => sceneSvg({ items: ['candy', 'candy', 'candy', 'candy', 'candy'], seed: 'a' })).toThrow(/1-4/);
  });

  test('widens the picture for a long speech bubble', () => {
    expect(sceneSvg({ items: ['candy'], say: '这是一句比较长的话呀', seed: 'a' }).width).toBeGreaterThan(sceneSvg({ items: ['candy'], seed: 'a' }).width);
  });
});

describe('pinyin', () => {
  test('reads words in context', () => {
    const readings = rubyParts('银行').flatMap((p) => ('han' in p ? p.han.map((h) => h.reading) : []));
    expect(readings).toEqual(['yín', 'háng']);
  });

  test('wraps each Han character outside tags, leaving code, svg and attributes alone', () => {
    const html = addRuby('<p title="中文">我<code>不</code></p><svg><text>好</text></svg>。');
    expect(html).toBe('<p title="中文"><ruby>我<rt aria-hidden="true">wǒ</rt></ruby><code>不</code></p><svg><text>好</text></svg>。');
  });
});
