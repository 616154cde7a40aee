import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { clientDir, listFiles, readBuilt, requireBuild } from './helpers/dist';
import { pageWeight } from '../scripts/bench/page-weight.mjs';

const contentDir = join(process.cwd(), 'content');
const entries = (folder: string, ext: string): string[] =>
  listFiles(join(contentDir, folder))
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length));

/** Pages that carry an island and so may load JS. */
const islandPages = [/^search\//, /^practice\//, /^lessons\/[^/]+\/[^/]+\//];

beforeAll(requireBuild);

describe('the build', () => {
  test('has a page for every lesson', () => {
    const lessons = entries('lessons', '.mdx');
    expect(lessons.length).toBeGreaterThanOrEqual(12);
    for (const id of lessons) expect(() => readBuilt(`lessons/${id}/index.html`), id).not.toThrow();
  });

  test('has at least 2 lessons in each of the 6 grade bands', () => {
    const bands = readdirSync(join(contentDir, 'lessons'));
    expect(bands.sort()).toEqual(['junior', 'primary-lower', 'primary-middle', 'primary-upper', 'senior', 'vocational']);
    for (const band of bands) expect(entries(`lessons/${band}`, '.mdx').length, band).toBeGreaterThanOrEqual(2);
  });

  test('has a page, A4 and A3 posters for every campaign', () => {
    const campaigns = entries('campaigns', '.mdx');
    expect(campaigns.sort()).toEqual(['june-26', 'june-3', 'june-month']);
    for (const id of campaigns) {
      expect(readBuilt(`campaigns/${id}/index.html`)).toContain('五个一');
      expect(readBuilt(`campaigns/${id}/poster-1-a4/index.html`)).toMatch(/size:\s*A4/);
      expect(readBuilt(`campaigns/${id}/poster-1-a3/index.html`)).toMatch(/size:\s*A3/);
    }
  });

  test('has a page and a one-page print version for every target group', () => {
    const audiences = entries('audiences', '.mdx');
    expect(audiences).toHaveLength(6);
    for (const id of audiences) {
      expect(readBuilt(`audiences/${id}/index.html`)).toContain('<svg');
      expect(readBuilt(`audiences/${id}/print/index.html`)).toMatch(/size:\s*A4/);
    }
  });

  test('has the criteria, search, about and privacy pages', () => {
    for (const path of ['demonstration', 'search', 'about', 'privacy', 'lessons', 'campaigns', 'audiences']) {
      expect(() => readBuilt(`${path}/index.html`), path).not.toThrow();
    }
  });

  test('carries no inline style attribute or event handler on any page (the CSP allows neither)', () => {
    for (const file of listFiles(clientDir).filter((f) => f.endsWith('.html'))) {
      expect(readBuilt(file), file).not.toMatch(/<[a-z][^>]*\s(style|on[a-z]+)="/);
    }
  });

  test('declares zh-CN on every page', () => {
    for (const file of listFiles(clientDir).filter((f) => f.endsWith('.html'))) {
      expect(readBuilt(file), file).toMatch(/<html lang="zh-CN"/);
    }
  });

  test('ships no JS on pages without an island', () => {
    const html = listFiles(clientDir).filter((f) => f.endsWith('.html'));
    const quiet = html.filter((f) => !islandPages.some((re) => re.test(f)));
    expect(quiet.length).toBeGreaterThan(40);
    for (const file of quiet) {
      const text = readBuilt(file);
      expect(text, file).not.toMatch(/<script|<astro-island|modulepreload|\.js["']/);
    }
  });

  test('hydrates the islands where they are', () => {
    expect(readBuilt('search/index.html')).toContain('<astro-island');
    expect(readBuilt('practice/self-check-families/index.html')).toContain('<astro-island');
    expect(readBuilt('lessons/primary-lower/strangers-snacks/index.html')).toMatch(/<astro-island[^>]*client="visible"/);
  });

  test('puts a QR code of its own URL on every content page', () => {
    const lesson = readBuilt('lessons/primary-lower/strangers-snacks/index.html');
    expect(lesson).toMatch(/扫码打开本页：https?:\/\/[^"]+\/lessons\/primary-lower\/strangers-snacks\//);
  });

  test('keeps every lesson page, pictures, pinyin and quiz island included, under 60 KB gzipped', () => {
    for (const id of entries('lessons', '.mdx')) {
      expect(pageWeight(clientDir, `lessons/${id}/index.html`).all, id).toBeLessThan(60 * 1024);
    }
  });

  test('draws lesson pictures inline and gives lower primary lessons pinyin behind a toggle', () => {
    const page = readBuilt('lessons/primary-lower/strangers-snacks/index.html');
    expect(page).toMatch(/<figure class="scene"[^>]*><svg[^>]*aria-hidden="true"/);
    expect(page).toMatch(/<figcaption>[^<]*<ruby>/);
    expect(page).toMatch(/<input type="checkbox" id="show-pinyin"/);
    expect(page).toContain('<rt aria-hidden="true">');
    expect(page).not.toMatch(/<img|https?:\/\/(?!localhost)[^"]*\.(svg|png)/);
    expect(readBuilt('lessons/junior/drug-law-basics/index.html')).not.toContain('<ruby>');
  });

  test('has a page for every grade and the grades index', () => {
    for (const grade of [...Array.from({ length: 12 }, (_, i) => String(i + 1)), 'zhongzhi-1', 'zhongzhi-2', 'zhongzhi-3']) {
      expect(readBuilt(`grades/${grade}/index.html`), grade).toContain('按年级筛选');
    }
    expect(readBuilt('grades/index.html')).toContain('中职一年级');
  });
});

describe('the client assets', () => {
  test('contain no answer key or explanation', () => {
    const explanations = listFiles(join(contentDir, 'quizzes'))
      .flatMap((f) => (parse(readFileSync(join(contentDir, 'quizzes', f), 'utf8')) as { questions: { explanation: string }[] }).questions)
      .map((q) => q.explanation);
    expect(explanations.length).toBeGreaterThan(100);
    const files = listFiles(clientDir).filter((f) => /\.(html|js|json)$/.test(f) && !f.startsWith('pagefind/'));
    const built = files.map((f) => readBuilt(f)).join('\n');
    // An explanation may repeat a sentence of a lesson (“in the lesson's words”); that sentence is on
    // the page because the lesson says it, not because the quiz leaked. Scripts may hold none at all.
    const pages = ['lessons', 'campaigns', 'audiences']
      .flatMap((folder) => listFiles(join(contentDir, folder)).map((f) => readFileSync(join(contentDir, folder, f), 'utf8')))
      .join('\n');
    const leaked = explanations.filter((e) => built.includes(e) && !pages.includes(e));
    expect(leaked).toEqual([]);
    const scripts = files
      .filter((f) => /\.(js|json)$/.test(f))
      .map((f) => readBuilt(f))
      .join('\n');
    expect(explanations.filter((e) => scripts.includes(e))).toEqual([]);
    expect(built).not.toMatch(/"answer"\s*:/);
  });
});
