import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { schoolYearOf } from '~/lib/domain/contest';
import { postgrestMaxRows } from '~/lib/server/runtime/postgrest';
import { type App, type Browserless, signedIn, startApp } from './helpers/app';
import { requireBuild } from './helpers/dist';

/**
 * Same limits everywhere (issue 16 item 5): the embedded PostgREST caps a response at 1,000 rows,
 * as Supabase does, and the figures the office reads stay complete past the cap because SQL sums
 * them. 1,200 household visits and 1,200 ledger rows are written directly, then read back through
 * the pages.
 */
let app: App;
let service: SupabaseClient;
let office: Browserless;
const year = schoolYearOf(new Date());
const rows = 1200;
const text = async (r: Response): Promise<string> => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function insertInBatches(table: string, values: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < values.length; i += 300) {
    const { error } = await service.from(table).insert(values.slice(i, i + 300));
    if (error) throw new Error(`${table}: ${error.message}`);
  }
}

beforeAll(async () => {
  requireBuild();
  app = await startApp();
  service = await app.service();
  office = await signedIn(app, { account: 'office@qingyuan.test' });
});

afterAll(async () => {
  await app?.stop();
});

describe('figures past the row cap', () => {
  test('households reached count every visit, where a plain read of the table stops at the cap', async () => {
    const total = async (): Promise<number> => Number(/入户数：(\d+)/.exec(await text(await office.get('/me/office/volunteering/')))?.[1]);
    const before = await total();
    expect(before).toBeGreaterThanOrEqual(0);
    const { data: event } = await service.from('events').select('event_id').limit(1).single();
    const { data: volunteer } = await service.from('users').select('user_id').eq('role', 'volunteer').limit(1).single();
    await insertInBatches(
      'household_visits',
      Array.from({ length: rows }, () => ({ event_id: event?.event_id, volunteer_id: volunteer?.user_id, community: '封顶测试社区', households: 2 })),
    );

    const { data: plain } = await service.from('household_visits').select('visit_id');
    expect(plain?.length).toBe(postgrestMaxRows);
    expect(await total()).toBe(before + 2 * rows);
    expect(await text(await office.get('/me/office/volunteering/'))).toContain(`封顶测试社区 ${2 * rows} ${rows}`);
  });

  test("the office home counts every ledger row of a school's classes", async () => {
    const { data: school } = await service.from('schools').select('school_id, name').eq('code', 'QYXX01').single();
    const { data: klass } = await service.from('classes').select('class_id').eq('school_id', school?.school_id).eq('school_year', year).is('archived_at', null).limit(1).single();
    const { data: teacher } = await service.from('class_teachers').select('teacher_id').eq('class_id', klass?.class_id).limit(1).single();
    const delivered = async (): Promise<number> => {
      const page = await text(await office.get('/me/office/'));
      const five = page.slice(page.indexOf('五落实'));
      return Number(new RegExp(`${school?.name} \\d+ / \\d+(?: ?（\\d+%）)? ([\\d.]+)`).exec(five)?.[1]);
    };
    const before = await delivered();
    expect(before).toBeGreaterThanOrEqual(0);
    const days = Math.max(1, Math.floor((Date.now() - Date.UTC(year, 8, 1)) / 86_400_000));
    await insertInBatches(
      'class_sessions',
      Array.from({ length: rows }, (_, i) => ({
        class_id: klass?.class_id,
        held_on: new Date(Date.UTC(year, 8, 1) + (i % days) * 86_400_000).toISOString().slice(0, 10),
        topic: '封顶测试',
        hours: 0.5,
        form: 'lesson',
        teacher_id: teacher?.teacher_id,
        recorded_by: teacher?.teacher_id,
      })),
    );

    const { data: plain } = await service.from('class_sessions').select('session_id').eq('class_id', klass?.class_id);
    expect(plain?.length).toBe(postgrestMaxRows);
    expect(await delivered()).toBe(before + rows / 2);
  });
});
