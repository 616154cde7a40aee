import { describe, expect, test } from 'vitest';
import { parseTable, tableHtml, textOf, topLevelBlocks } from './html-blocks';
import { isAnswerHeader, isTeacherHint, lessonSections, type LessonStep } from './lesson-sections';
import { paginate, wideLine } from './slide-fit';
import { buildSlides, stepMinutes } from './slides';
import type { LessonData } from './schemas';

const figure = '<figure class="scene" style="--scene-w:300px"><svg viewBox="0 0 10 10"><use href="#a"/><path d="M0 0"/></svg><figcaption>图</figcaption></figure>';

/** A lesson body as the MDX compiler renders it (the picture as the Scene component draws it). */
const body = [
  '<h2 id="导入">导入：小明的难题</h2>',
  figure,
  '<p>周末，大哥哥拿出一个<strong>彩色</strong>小袋子。</p>',
  '<h2 id="一">一、拒绝三步</h2>',
  figure,
  '<ol>\n<li><strong>说“不”</strong>：看着对方。</li>\n<li>给理由。</li>\n<li>马上离开。</li>\n</ol>',
  '<h2 id="活动">活动：拒绝小擂台</h2>',
  figure,
  '<p>三人一组，约12分钟。</p>',
  '<table>\n<thead>\n<tr>\n<th>劝说卡</th>\n<th>拒绝示范（教师参考）</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>“就尝一口。”</td>\n<td>“不要。”走开。</td>\n</tr>\n</tbody>\n</table>',
  '<p>怎么玩：</p>',
  '<ol>\n<li>抽一张卡（2分钟）；</li>\n<li>一人劝说，一人拒绝；</li>\n</ol>',
  '<p><strong>教师提示</strong>：只读卡上的话。</p>',
  '<p>不推、不拉。</p>',
  '<h2 id="小结">小结</h2>',
  '<p>拒绝三步：说“不”、给理由、马上离开。</p>',
].join('\n');

const steps: LessonStep[] = [
  { section: '导入：小明的难题', phase: '导入', minutes: 5 },
  { section: '一、拒绝三步', phase: '新授', minutes: 20 },
  { section: '活动：拒绝小擂台', phase: '活动', minutes: 12 },
  { section: '小结', phase: '小结', minutes: 3 },
];

const data = {
  title: '我会说“不”',
  objectives: ['知道拒绝三步。', '能用拒绝三步回应劝说。', '愿意拒绝。'],
  homework: '回家讲给家里人听。',
  steps,
} as unknown as LessonData;

describe('topLevelBlocks', () => {
  test('returns each top-level element whole, nested and self-closing tags included', () => {
    const blocks = topLevelBlocks(body);
    expect(blocks.slice(0, 3).map((b) => b.tag)).toEqual(['h2', 'figure', 'p']);
    expect(blocks[1]?.html).toBe(figure);
  });

  test('wraps loose text in a paragraph', () => {
    expect(topLevelBlocks('text<p>x</p>')).toEqual([
      { tag: 'p', html: '<p>text</p>' },
      { tag: 'p', html: '<p>x</p>' },
    ]);
  });
});

describe('textOf', () => {
  test('drops tags and decodes entities', () => {
    expect(textOf('<p><strong>A</strong> &amp; &#x4e0d; &lt;b&gt;</p>')).toBe('A & 不 <b>');
  });
});

describe('tables', () => {
  test('round-trip with only the columns asked for', () => {
    const table = parseTable('<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>');
    expect(table).toEqual({ head: ['a', 'b'], rows: [['1', '2']] });
    expect(tableHtml(table, [1])).toBe('<table><thead><tr><th scope="col">b</th></tr></thead><tbody><tr><td>2</td></tr></tbody></table>');
  });
});

describe('isAnswerHeader', () => {
  // Every card-table header of the lessons' activities in December 2026.
  const answers = [
    '给老师的答案要点',
    '答案（老师参考）',
    '答案',
    '给老师的要点',
    '真相（老师参考）',
    '理由（教师参考）',
    '答案要点',
    '参考答案（教师用）',
    '参考思路',
    '安全的选择（老师参考）',
    '参考做法（老师参考）',
    '参考做法（教师用）',
    '参考拒绝',
    '送进哪个篮子',
    '给老师的答案',
    '可以这样说',
    '参考的好决定',
    '对应套路',
    '举什么牌',
    '理由可以这样说',
    '拒绝示范（教师参考）',
    '可以这样做',
  ];
  const cards = ['卡片', '情景', '案例', '讨论任务', '内容', '帖子', '情况', '劝说的话', '秘密', '幕', '朋友的反应', '谣言', '说法', '内容（虚构）'];

  test.each(answers)('returns true for %s', (header) => expect(isAnswerHeader(header)).toBe(true));
  test.each(cards)('returns false for %s', (header) => expect(isAnswerHeader(header)).toBe(false));
});

describe('isTeacherHint', () => {
  test('returns true for a paragraph opening with a bold label naming the teacher', () => {
    expect(isTeacherHint({ tag: 'p', html: '<p><strong>给老师的答案提示</strong>：卡1……</p>' })).toBe(true);
    expect(isTeacherHint({ tag: 'p', html: '<p><strong>提示</strong>：……</p>' })).toBe(false);
    expect(isTeacherHint({ tag: 'p', html: '<p>老师说：……</p>' })).toBe(false);
  });
});

describe('lessonSections', () => {
  const sections = lessonSections(body, steps);

  test('returns one section per heading with its step', () => {
    expect(sections.map((s) => [s.heading, s.step?.minutes, s.activity])).toEqual([
      ['导入：小明的难题', 5, false],
      ['一、拒绝三步', 20, false],
      ['活动：拒绝小擂台', 12, true],
      ['小结', 3, false],
    ]);
  });

  test('takes the answer column and the teacher’s hint out of the activity', () => {
    const activity = sections[2];
    const shown = activity?.blocks.map((b) => b.html).join('') ?? '';
    expect(shown).toContain('就尝一口');
    expect(shown).not.toContain('走开');
    expect(shown).not.toContain('只读卡上的话');
    expect(activity?.answers.join('')).toContain('“不要。”走开。');
    expect(activity?.answers.join('')).toContain('只读卡上的话');
  });

  test('keeps the paragraphs that continue a hint with it', () => {
    expect(sections[2]?.answers.at(-1)).toBe('<p>不推、不拉。</p>');
    expect(sections[2]?.blocks.map((b) => b.html).join('')).not.toContain('不推、不拉');
  });

  test('keeps the picture apart, without its inline style', () => {
    expect(sections[0]?.scene).toMatch(/^<figure class="scene"><svg/);
    expect(sections[3]?.scene).toBeUndefined();
  });
});

describe('paginate', () => {
  test('keeps short blocks on one page and cuts a long list between items, numbering on', () => {
    const items = Array.from({ length: 30 }, (_, i) => `<li>第${i + 1}条，写得比较长的一句话，占一行多一点的位置。</li>`).join('');
    const pages = paginate(
      [
        { tag: 'p', html: '<p>短。</p>' },
        { tag: 'ol', html: `<ol>${items}</ol>` },
      ],
      wideLine,
    );
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]?.[0]?.html).toBe('<p>短。</p>');
    expect(pages[1]?.[0]?.html).toMatch(/^<ol start="\d+">/);
  });
});

describe('buildSlides', () => {
  const slides = buildSlides(body, data, '三年级上学期');

  test('opens with the title and objectives and ends with the home task', () => {
    expect(slides[0]).toMatchObject({ kind: 'title', heading: '我会说“不”' });
    expect(slides[0]?.body).toContain('知道拒绝三步。');
    expect(slides.at(-1)).toMatchObject({ kind: 'homework', body: '<p>回家讲给家里人听。</p>' });
  });

  test('gives each section a slide and each numbered activity step a slide', () => {
    expect(slides.map((s) => [s.kind, s.heading, s.activityStep?.n ?? null])).toEqual([
      ['title', '我会说“不”', null],
      ['section', '导入：小明的难题', null],
      ['section', '一、拒绝三步', null],
      ['section', '活动：拒绝小擂台', null],
      ['cards', '活动：拒绝小擂台', null],
      ['step', '活动：拒绝小擂台', 1],
      ['step', '活动：拒绝小擂台', 2],
      ['section', '小结', null],
      ['homework', '家庭任务', null],
    ]);
  });

  test('marks the current step, keeps its lead-in line and reads its own minutes', () => {
    const second = slides[6];
    expect(second?.body).toContain('怎么玩：');
    expect(second?.body).toMatch(/<li class="current" aria-current="step">一人劝说/);
    expect(slides[5]?.activityStep).toEqual({ n: 1, of: 2, minutes: 2 });
  });

  test('puts pictures beside longer text and over a short line', () => {
    expect(slides[1]?.layout).toBe('stack');
    expect(slides[2]?.layout).toBe('split');
    expect(slides[7]?.layout).toBe('text');
  });

  test('keeps answers in the notes, never in a slide’s body', () => {
    for (const slide of slides) expect(slide.body).not.toMatch(/只读卡上的话|“不要。”走开/);
    expect(slides.filter((s) => s.section === '活动：拒绝小擂台').every((s) => s.notes.length === 3)).toBe(true);
  });
});

describe('stepMinutes', () => {
  test('reads the minutes a step names', () => {
    expect(stepMinutes('<strong>小剧场（5分钟）</strong>：一人演小林')).toBe(5);
    expect(stepMinutes('8分钟：轮流读卡')).toBe(8);
    expect(stepMinutes('轮流读卡')).toBeUndefined();
  });
});
