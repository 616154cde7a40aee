import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'astro/zod';
import { formatIssues } from '~/lib/content/format-issues';
import { splitFrontmatter } from '~/lib/content/mdx';
import { campaignSchema, templateSchema } from '~/lib/content/schemas';
import { kitTemplateNames, missingTemplates, staleClaims, templatesForKit, type TemplateEntry } from '~/lib/content/templates';
import { clientDir, listFiles, readBuilt } from './helpers/dist';

/**
 * Issue #11 item 8: every template a campaign kit names (学习单, 承诺书, 评分表 …) is supplied as a
 * printable page in content/templates, and every template page keeps to the site's rules.
 */

const content = join(process.cwd(), 'content');
const front = (folder: string, file: string): unknown => parse(splitFrontmatter(readFileSync(join(content, folder, file), 'utf8')).front);
const mdxIn = (folder: string): string[] => listFiles(join(content, folder)).filter((f) => f.endsWith('.mdx'));

const campaigns = mdxIn('campaigns').map((file) => ({ id: file.replace(/\.mdx$/, ''), kits: campaignSchema.parse(front('campaigns', file)).activityKits }));
const invalid: string[] = [];
const templates: TemplateEntry[] = mdxIn('templates').flatMap((file) => {
  const result = templateSchema.safeParse(front('templates', file));
  if (result.success) return [{ id: file.replace(/\.mdx$/, ''), data: result.data }];
  invalid.push(formatIssues(`content/templates/${file}`, result.error as z.ZodError));
  return [];
});

describe('the campaign templates', () => {
  test('are all valid', () => {
    expect(invalid).toEqual([]);
    expect(templates.length).toBeGreaterThanOrEqual(15);
  });

  test('cover every template a kit names (no kit names a template that is missing)', () => {
    expect(campaigns.flatMap((c) => c.kits.flatMap((kit) => kitTemplateNames(kit))).length).toBeGreaterThan(30);
    expect(missingTemplates(campaigns, templates)).toEqual([]);
  });

  test('claim only names their kits use, for campaigns and kits that exist', () => {
    expect(staleClaims(campaigns, templates)).toEqual([]);
  });
});

describe('kitTemplateNames', () => {
  test('finds the longest name once, in materials and steps', () => {
    const kit = { kind: 'film' as const, steps: ['观影前发放讨论单', '填写观影记录（片目）'], materials: ['观影讨论单，每组1张', '观影记录表'] };
    expect(kitTemplateNames(kit)).toEqual(['观影讨论单', '观影记录表', '讨论单', '观影记录']);
  });

  test('leaves out what is not a printed sheet', () => {
    expect(kitTemplateNames({ kind: 'film', steps: ['提前通过班级群通知。'], materials: ['投影仪和音响'] })).toEqual([]);
  });
});

describe('missingTemplates', () => {
  const kits = [{ id: 'june-26', kits: [{ kind: 'film' as const, steps: [], materials: ['观影记录表'] }] }];
  const record = (campaign: string): TemplateEntry => ({
    id: 'film-record',
    data: { title: '观影记录表', kind: 'record', serves: [{ campaign, kit: 'film', names: ['观影记录表'] }], audience: '教师', paper: 'a4-portrait', summary: '摘要' },
  });

  test('names the campaign, kit and template nobody supplied', () => {
    expect(missingTemplates(kits, [record('june-3')])).toEqual(['june-26/film: 观影记录表']);
    expect(missingTemplates(kits, [record('june-26')])).toEqual([]);
    expect(templatesForKit([record('june-26')], 'june-26', 'film').map((t) => t.id)).toEqual(['film-record']);
  });
});

describe.skipIf(!existsSync(join(clientDir, 'index.html')))('the built template pages', () => {
  test('exist for every template, print on A4, in Chinese, without inline style or script', () => {
    for (const { id, data } of templates) {
      const page = readBuilt(`campaigns/templates/${id}/index.html`);
      expect(page, id).toMatch(/<html lang="zh-CN"/);
      expect(page, id).toMatch(new RegExp(`size: A4 ${data.paper === 'a4-landscape' ? 'landscape' : 'portrait'}`));
      expect(page, id).not.toMatch(/<[a-z][^>]*\s(style|on[a-z]+)="/);
      expect(page, id).not.toMatch(/<script|<astro-island/);
      expect(page, id).toContain(`<h1>${data.title}</h1>`);
    }
  });

  test('are listed by campaign and linked from the kits that use them', () => {
    const index = readBuilt('campaigns/templates/index.html');
    for (const { id, data } of templates) {
      expect(index, id).toContain(`href="/campaigns/templates/${id}/"`);
      for (const use of data.serves) expect(readBuilt(`campaigns/${use.campaign}/index.html`), `${use.campaign} ${id}`).toContain(`href="/campaigns/templates/${id}/"`);
    }
  });

  test('carry no phone number but 110 and 120', () => {
    for (const { id } of templates) {
      const page = readBuilt(`campaigns/templates/${id}/index.html`);
      const sheet = (/<article class="sheet-body">([\s\S]*?)<\/article>/.exec(page)?.[1] ?? '').replace(/<[^>]+>/g, ' ');
      expect(sheet.length, id).toBeGreaterThan(50);
      expect(sheet.match(/\d{5,}/g) ?? [], id).toEqual([]);
      const dialled = [...sheet.matchAll(/(?:拨打|电话|热线)[：:]?(\d+)/g)].map((m) => m[1]);
      expect(
        dialled.filter((n) => n !== '110' && n !== '120'),
        id,
      ).toEqual([]);
    }
  });
});
