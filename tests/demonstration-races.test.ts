import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signedIn, startApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

/** Demonstration files under concurrency, on a real PostgreSQL server (see races.test.ts). */
const databaseUrl = process.env.DATABASE_URL;

describe.runIf(databaseUrl)('demonstration files on real PostgreSQL', () => {
  let app: App;

  beforeAll(async () => {
    requireBuild();
    app = await startApp({ env: { DATABASE_URL: databaseUrl ?? '' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  test("ten simultaneous opens make one file; the office's simultaneous return and approval decide once", async () => {
    const school = await signedIn(app, { account: 'admin.zx@qingyuan.test' });
    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    const service = await app.service();
    // A server kept between runs may hold this file from the last one.
    await service.from('demonstration_files').delete().eq('school_id', '00000000-0000-4000-8000-000000000012').eq('level', 'provincial');
    const opens = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const r = await school.post('/_actions/demonstration.open', { level: 'provincial' });
        return { status: r.status, body: (await r.text()).slice(0, 300) };
      }),
    );
    // Every answer but the one that opened the file is the Chinese "already opened" (the bodies show any other).
    expect(opens.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
    expect(opens.filter((r) => r.status === 200)).toHaveLength(1);
    expect(opens.filter((r) => r.status === 409)).toHaveLength(9);
    const { data: file } = await service
      .from('demonstration_files')
      .select('file_id')
      .eq('school_id', '00000000-0000-4000-8000-000000000012')
      .eq('level', 'provincial')
      .single<{ file_id: string }>();
    const fileId = file?.file_id ?? '';
    const { data: items } = await service.from('demonstration_items').select('item_id, points').eq('file_id', fileId);
    for (const i of (items ?? []) as { item_id: string; points: number }[]) {
      expect((await school.post('/_actions/demonstration.saveItem', { fileId, itemId: i.item_id, status: 'met', selfScore: String(i.points) })).status).toBe(200);
      await service.from('demonstration_items').update({ office_score: i.points }).eq('file_id', fileId).eq('item_id', i.item_id);
    }
    const submits = await Promise.all(Array.from({ length: 5 }, () => school.post('/_actions/demonstration.submit', { fileId })));
    expect(submits.filter((r) => r.status === 200)).toHaveLength(1);
    const decisions = await Promise.all([
      ...Array.from({ length: 5 }, () => office.post('/_actions/demonstration.decide', { fileId, decision: 'approve', comment: '' })),
      ...Array.from({ length: 5 }, () => office.post('/_actions/demonstration.decide', { fileId, decision: 'return', comment: '补充材料' })),
    ]);
    expect(decisions.filter((r) => r.status === 200)).toHaveLength(1);
    const { data: events } = await service.from('demonstration_events').select('action').eq('file_id', fileId).in('action', ['approve', 'return', 'submit']);
    expect(events).toHaveLength(2);
  });
});
