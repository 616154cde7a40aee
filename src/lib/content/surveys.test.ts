import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { bands } from '~/lib/domain/catalog';
import { surveySchema, type SurveyData } from './schemas';

const folder = new URL('../../../content/surveys/', import.meta.url);
const surveys = readdirSync(folder)
  .filter((f) => f.endsWith('.yaml'))
  .map((file) => ({ file, data: parse(readFileSync(new URL(file, folder), 'utf8')) as unknown }));
const valid = (data: unknown): SurveyData => surveySchema.parse(data);

describe('content/surveys', () => {
  test.each(surveys)('$file passes the schema', ({ data }) => {
    expect(surveySchema.safeParse(data).error?.issues).toBeUndefined();
  });

  test('gives every band exactly one survey: faces read aloud in lower primary, 5-point Likert in secondary and vocational', () => {
    const byBand = bands.map((band) => surveys.filter(({ data }) => valid(data).bands.includes(band)).map(({ file }) => file));
    expect(byBand.map((files) => files.length)).toEqual(bands.map(() => 1));
    const of = (band: string): SurveyData => valid(surveys.find(({ data }) => valid(data).bands.includes(band as never))?.data);
    expect(of('primary-lower')).toMatchObject({ points: 3, faces: true, readAloud: true });
    for (const band of ['junior', 'senior', 'vocational']) expect(of(band).points).toBe(5);
  });

  test('marks reverse-coded items in every attitude scale but knowledge', () => {
    for (const { data } of surveys) {
      const reversed = valid(data).scales.flatMap((s) => s.items.filter((i) => i.reverse).map(() => s.id));
      expect(reversed.length).toBeGreaterThanOrEqual(3);
      expect(reversed).not.toContain('knowledge');
    }
  });

  test('asks no pupil whether they or their family used drugs', () => {
    const own = /你(是否|有没有|有沒有)|我(吸过|用过|吸食过|试过毒)|(家人|爸爸|妈妈|父母|家里人)(吸|用|碰)过|吸过毒/;
    for (const { data } of surveys) for (const scale of valid(data).scales) for (const item of scale.items) expect(item.text).not.toMatch(own);
  });
});

describe('surveySchema', () => {
  const base = valid(surveys[0]?.data);
  test('refuses a key on an attitude item and a reverse mark on a knowledge item', () => {
    const scales = base.scales.map((s) => ({ ...s, items: s.items.map((i, n) => (n > 0 ? i : s.id === 'knowledge' ? { ...i, reverse: true } : { ...i, key: true })) }));
    const paths = surveySchema.safeParse({ ...base, scales }).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toContain('scales.0.items.0.reverse');
    expect(paths).toContain('scales.1.items.0.key');
  });

  test('refuses a missing scale, labels that do not match the points, and faces on a 5-point scale', () => {
    const result = surveySchema.safeParse({ ...base, points: 5, scales: base.scales.slice(0, 4) });
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['faces', 'labels', 'scales']);
  });
});
