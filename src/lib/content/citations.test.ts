import { describe, expect, test } from 'vitest';
import { articleNumber, findCitations, findDates, lawKey, quoteIsPartOf, unsupportedMentions, type FactLike } from './citations';

const facts: FactLike[] = [
  {
    id: 'jdf-article-2',
    law: '中华人民共和国禁毒法',
    article: '第二条',
    quote: '本法所称毒品，是指鸦片、海洛因、甲基苯丙胺（冰毒）、吗啡、大麻、可卡因，以及国家规定管制的其他能够使人形成瘾癖的麻醉药品和精神药品。',
  },
  { id: 'xs-347', law: '中华人民共和国刑法', article: '第三百四十七条' },
  { id: 'xs-348', law: '中华人民共和国刑法', article: '第三百四十八条' },
  { id: 'yzd-2', law: '易制毒化学品管理条例', article: '第二条' },
  { id: 'dates', dates: ['2008-06-01', '2023-09'] },
];

describe('articleNumber', () => {
  test('reads Chinese numerals and Arabic digits', () => {
    expect([articleNumber('第二条'), articleNumber('十七'), articleNumber('第三百四十七条'), articleNumber('一百零五'), articleNumber('第347条')]).toEqual([2, 17, 347, 105, 347]);
  });
});

describe('lawKey', () => {
  test('compares laws by their short name', () => {
    expect(lawKey('《中华人民共和国禁毒法》')).toBe(lawKey('禁毒法'));
  });
});

describe('findCitations', () => {
  test('finds bracketed, bare and chained citations with their law', () => {
    const found = findCitations('依照《刑法》第三百四十七条、第三百四十八条和我国禁毒法第二条，以及易制毒化学品管理条例第二条');
    expect(found.map((c) => [c.law, c.article])).toEqual([
      ['刑法', 347],
      ['刑法', 348],
      ['禁毒法', 2],
      ['易制毒化学品管理条例', 2],
    ]);
  });

  test('takes the quotation right after a citation', () => {
    expect(findCitations('禁毒法第二条规定：“本法所称毒品”。')[0]?.quote).toBe('本法所称毒品');
    expect(findCitations('禁毒法第二条说的毒品，大家叫它“白粉”。')[0]?.quote).toBeUndefined();
  });

  test('leaves a citation of an unnamed law without a law', () => {
    expect(findCitations('该法第五条')[0]?.law).toBe('');
  });
});

describe('findDates', () => {
  test('reads days and months', () => {
    expect(findDates('2008年6月1日起；2023年10月。').map((d) => d.iso)).toEqual(['2008-06-01', '2023-10']);
  });
});

describe('quoteIsPartOf', () => {
  test('accepts a quotation with gaps in the statute order', () => {
    expect(quoteIsPartOf('本法所称毒品，是指鸦片……以及国家规定管制的', facts[0]?.quote ?? '')).toBe(true);
    expect(quoteIsPartOf('本法所称毒品，是指冰毒', facts[0]?.quote ?? '')).toBe(false);
  });
});

describe('unsupportedMentions', () => {
  test('passes citations and dates the table holds', () => {
    expect(unsupportedMentions('《中华人民共和国刑法》第三百四十七条；禁毒法2008年6月1日起施行；2023年9月的公告。', facts)).toEqual([]);
  });

  test('names an article with no entry', () => {
    expect(unsupportedMentions('刑法第三百五十四条', facts)).toEqual([expect.stringContaining('《刑法》第354条')]);
  });

  test('names a date with no entry', () => {
    expect(unsupportedMentions('2009年1月1日', facts)).toEqual([expect.stringContaining('2009年1月1日')]);
  });

  test('names a quotation that is not the statute text', () => {
    const problems = unsupportedMentions('禁毒法第二条规定：“毒品是指鸦片、海洛因、冰毒。”', facts);
    expect(problems).toEqual([expect.stringContaining('不是事实表所记的法条原文')]);
  });

  test('names a quotation of an article whose entry has no quote', () => {
    expect(unsupportedMentions('《刑法》第三百四十八条规定：“非法持有毒品”', facts)).toHaveLength(1);
  });
});
