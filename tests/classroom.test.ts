import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { listFiles, readBuilt, requireBuild } from './helpers/dist';
import { splitFrontmatter } from '~/lib/content/mdx';
import type { LessonData } from '~/lib/content/schemas';

/** Every lesson of content/lessons with its frontmatter, as `<band>/<slug>`. */
const lessons = listFiles(join(process.cwd(), 'content/lessons'))
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => ({ id: f.slice(0, -4), data: parse(splitFrontmatter(readFileSync(join(process.cwd(), 'content/lessons', f), 'utf8')).front) as LessonData }));

/** Text as it appears in the built HTML (Astro escapes quotes and ampersands in text). */
const asHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

beforeAll(requireBuild);

describe('the classroom pages', () => {
  test('exist for every lesson: the presenter view, its notes window, its service worker and the plan', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(12);
    for (const { id } of lessons) {
      for (const file of ['classroom/index.html', 'classroom/notes/index.html', 'classroom/sw.js', 'plan/index.html']) {
        expect(() => readBuilt(`lessons/${id}/${file}`), `${id}/${file}`).not.toThrow();
      }
    }
  });

  test('are linked from every lesson page', () => {
    for (const { id } of lessons) {
      const page = readBuilt(`lessons/${id}/index.html`);
      expect(page, id).toContain(`href="/lessons/${id}/classroom/"`);
      expect(page, id).toContain(`href="/lessons/${id}/plan/"`);
    }
  });

  test('keep the teacher’s notes out of the presenter view and put them in the notes window', () => {
    for (const { id, data } of lessons) {
      const note = asHtml(data.teacherNote.slice(0, 30));
      expect(readBuilt(`lessons/${id}/classroom/index.html`), id).not.toContain(note);
      expect(readBuilt(`lessons/${id}/classroom/notes/index.html`), id).toContain(note);
    }
  });

  test('give the presenter view a slide per section, its service worker and the place to start a class', () => {
    for (const { id, data } of lessons) {
      const page = readBuilt(`lessons/${id}/classroom/index.html`);
      for (const step of data.steps) expect(page, `${id}: ${step.section}`).toContain(`data-section="${asHtml(step.section).replace(/"/g, '&quot;')}"`);
      expect(page).toContain(`data-sw="/lessons/${id}/classroom/sw.js"`);
      expect(page).toContain(`href="/me/classroom/start/?lesson=${encodeURIComponent(id)}"`);
      expect(readBuilt(`lessons/${id}/classroom/sw.js`)).not.toContain('__VERSION__');
    }
  });

  test('give each lesson plan every part of a 教案, and steps whose minutes add up to the lesson', () => {
    const parts = [
      '授课年级',
      '课时',
      '教学目标',
      '知识目标',
      '能力目标',
      '情感态度价值观目标',
      '教学重点',
      '教学难点',
      '教学准备',
      '教学过程',
      '板书设计',
      '家庭任务',
      '教学反思',
    ];
    for (const { id, data } of lessons) {
      const plan = readBuilt(`lessons/${id}/plan/index.html`);
      for (const part of parts) expect(plan, `${id}: ${part}`).toContain(part);
      const minutes = [...plan.matchAll(/data-minutes="(\d+)"/g)].map((m) => Number(m[1]));
      expect(minutes, id).toHaveLength(data.steps.length);
      expect(
        minutes.reduce((a, b) => a + b, 0),
        id,
      ).toBe(data.minutes);
      expect(plan, id).toContain(`data-total="${data.minutes}"`);
      expect(plan, id).toMatch(/size:\s*A4/);
      for (const line of data.boardPlan) expect(plan, id).toContain(asHtml(line));
    }
  });

  test('print the activity’s cards in the plan with the answers apart', () => {
    const plan = readBuilt('lessons/primary-middle/saying-no/plan/index.html');
    const answers = plan.slice(plan.indexOf('答案要点（教师用）'));
    expect(plan.slice(0, plan.indexOf('答案要点（教师用）'))).toContain('“就尝一口，没事的。”');
    expect(answers).toContain('“一口也不要，妈妈在等我。”走开。');
  });
});
