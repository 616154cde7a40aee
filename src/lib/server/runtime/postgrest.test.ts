import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { postgrestMaxRows } from './postgrest';

describe('postgrestMaxRows', () => {
  test('is the max_rows of supabase/config.toml, so every mode caps responses alike', () => {
    const config = readFileSync(new URL('../../../../supabase/config.toml', import.meta.url), 'utf8');
    const apiSection = config.slice(config.indexOf('[api]'), config.indexOf('\n[', config.indexOf('[api]') + 1));
    expect(Number(/^max_rows\s*=\s*(\d+)/m.exec(apiSection)?.[1])).toBe(postgrestMaxRows);
  });
});
