import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Browserless, signedIn, sharedApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';
import { fakeDocx } from './helpers/zip';

let app: App;
let school: Browserless;
let other: Browserless;
let office: Browserless;
let fileId = '';

const json = async (r: Response): Promise<{ error?: { message?: string }; message?: string }> => JSON.parse(await r.text()) as { message?: string };
const messageOf = async (r: Response): Promise<string> => {
  const body = await json(r);
  return body.message ?? body.error?.message ?? '';
};
const act = (b: Browserless, name: string, fields: Record<string, string>): Promise<Response> => b.post(`/_actions/demonstration.${name}`, fields);

async function upload(b: Browserless, fields: { fileId: string; itemId: string }, file: { name: string; bytes: Uint8Array<ArrayBuffer>; type: string }): Promise<Response> {
  const form = new FormData();
  form.set('fileId', fields.fileId);
  form.set('itemId', fields.itemId);
  form.set('file', new File([file.bytes], file.name, { type: file.type }));
  return fetch(`${app.url}/_actions/demonstration.upload`, { method: 'POST', body: form, headers: { origin: app.url, cookie: b.cookieHeader() }, redirect: 'manual' });
}

async function item(itemId: string): Promise<{ self_score: number | null; status: string | null; office_score: number | null; points: number }> {
  const { data } = await (await app.service()).from('demonstration_items').select('self_score, status, office_score, points').eq('file_id', fileId).eq('item_id', itemId).single();
  return data as { self_score: number | null; status: string | null; office_score: number | null; points: number };
}

async function items(): Promise<{ item_id: string; points: number }[]> {
  const { data } = await (await app.service()).from('demonstration_items').select('item_id, points').eq('file_id', fileId).order('item_id');
  return data as { item_id: string; points: number }[];
}

async function evidenceCount(): Promise<number> {
  const { count } = await (await app.service()).from('demonstration_evidence').select('*', { count: 'exact', head: true }).eq('file_id', fileId);
  return count ?? -1;
}

/** The `<img>` tag whose src is `src`, without Astro's scoping attributes, or '' when there is none. */
const imgTag = (html: string, src: string): string => (html.match(/<img [^>]*>/g) ?? []).find((tag) => tag.includes(`src="${src}"`))?.replace(/ data-astro-cid-\w+/g, '') ?? '';

const storedFiles = (): string[] => {
  try {
    return readdirSync(join(app.dataDir, 'evidence'));
  } catch {
    return [];
  }
};

beforeAll(async () => {
  requireBuild();
  app = await sharedApp();
  [school, other, office] = await Promise.all([
    signedIn(app, { account: 'admin.xx@qingyuan.test' }),
    signedIn(app, { account: 'admin.zx@qingyuan.test' }),
    signedIn(app, { account: 'office@qingyuan.test' }),
  ]);
});

afterAll(async () => {
  await app?.stop();
});

describe('opening and filling a file', () => {
  test('the school admin opens a municipal file with every municipal item and the criteria points', async () => {
    const r = await school.post('/me/school/demonstration/?_action=demonstration.open', { level: 'municipal' });
    expect(r.status).toBe(303);
    fileId = /demonstration\/([0-9a-f-]{36})\//.exec(r.headers.get('location') ?? '')?.[1] ?? '';
    expect(fileId).toHaveLength(36);
    const list = await items();
    expect(list).toHaveLength(21);
    expect(list.reduce((n, i) => n + i.points, 0)).toBe(100);
    expect(list.some((i) => i.item_id === 'education-base')).toBe(false);
    const again = await act(school, 'open', { level: 'municipal' });
    expect(again.status).toBe(409);
    expect(await messageOf(again)).toContain('已经建立');
  });

  test("refuses a self-score above the item's points in Chinese and saves nothing", async () => {
    const r = await act(school, 'saveItem', { fileId, itemId: 'leading-group', status: 'met', selfScore: '5', notes: '', links: '' });
    expect(r.status).toBe(400);
    expect(await messageOf(r)).toBe('自评分必须在 0 到 4 分之间');
    expect(await item('leading-group')).toMatchObject({ self_score: null, status: null });
  });

  test('a refusal on the page names the item, returns to it and keeps what was typed', async () => {
    const r = await school.post(`/me/school/demonstration/${fileId}/?_action=demonstration.saveItem`, {
      fileId,
      itemId: 'leading-group',
      status: 'met',
      selfScore: '5',
      notes: '我写的说明，不能丢',
      links: '',
    });
    expect(r.status).toBe(400);
    const page = await r.text();
    expect(page).toContain('“成立由校长任组长的毒品预防教育工作领导小组，德育、教务、班主任和法治副校长参加，分工明确”没有保存：自评分必须在 0 到 4 分之间');
    expect(page).toContain('href="#item-leading-group"');
    expect(page).toContain('我写的说明，不能丢');
    // Every save posts to the item's own anchor, so the page comes back where the admin was.
    expect(page).toContain('action="?_action=demonstration.saveItem#item-leading-group"');
  });

  test("shows the platform's own figures beside the criteria it can check", async () => {
    const page = (await (await school.get(`/me/school/demonstration/${fileId}/`)).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(page).toMatch(/平台记录 课时台账：\d+ \/ \d+ 个班达到本学年要求的课时/);
    expect(page).toMatch(/平台登记任课教师 \d+ 人/);
  });

  test('refuses links that are not http(s) and scores that are not whole numbers', async () => {
    const bad = await act(school, 'saveItem', { fileId, itemId: 'leading-group', status: 'met', selfScore: '3', links: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    const fraction = await act(school, 'saveItem', { fileId, itemId: 'leading-group', status: 'met', selfScore: '2.5' });
    expect(fraction.status).toBe(400);
    expect(await item('leading-group')).toMatchObject({ self_score: null });
  });

  test("another school's admin can neither read nor change the file", async () => {
    expect((await other.get(`/me/school/demonstration/${fileId}/`)).status).toBe(404);
    const r = await act(other, 'saveItem', { fileId, itemId: 'leading-group', status: 'met', selfScore: '4' });
    expect(r.status).toBe(403);
    expect(await messageOf(r)).toContain('不属于你的学校');
    expect((await upload(other, { fileId, itemId: 'leading-group' }, { name: 'a.pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.4 x')), type: 'application/pdf' })).status).toBe(
      403,
    );
    expect(await item('leading-group')).toMatchObject({ self_score: null });
  });

  test('refuses submission while items lack a status or self-score', async () => {
    const r = await act(school, 'submit', { fileId });
    expect(r.status).toBe(400);
    expect(await messageOf(r)).toBe('还有 21 个条目没有填写状态和自评分，不能提交');
  });

  test('refuses approval of a file that was never submitted', async () => {
    const r = await act(office, 'decide', { fileId, decision: 'approve', comment: '' });
    expect(r.status).toBe(409);
    expect(await messageOf(r)).toBe('只有学校已提交的档案可以通过');
  });
});

describe('unknown files', () => {
  test("an unknown or another school's file is the site's not-found page with a way back", async () => {
    const gone = '00000000-0000-4000-8000-00000000dead';
    for (const [who, path, back] of [
      [school, `/me/school/demonstration/${gone}/`, '/me/school/demonstration/'],
      [other, `/me/school/demonstration/${fileId}/`, '/me/school/demonstration/'],
      [office, `/me/office/demonstration/${gone}/`, '/me/office/demonstration/'],
    ] as const) {
      const r = await who.get(path);
      expect(r.status, path).toBe(404);
      const html = await r.text();
      expect(html, path).toContain('找不到这份档案');
      expect(html, path).toContain(`href="${back}"`);
      expect(html, path).toContain('class="site-header"');
    }
  });
});

describe('evidence files', () => {
  test('refuses HTML and SVG whatever their names say, and stores nothing', async () => {
    const before = storedFiles().length;
    for (const file of [
      { name: '照片.html', bytes: new Uint8Array(Buffer.from('<!doctype html><script>alert(1)</script>')), type: 'text/html' },
      { name: '海报.svg', bytes: new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')), type: 'image/svg+xml' },
      { name: '伪装.pdf', bytes: new Uint8Array(Buffer.from('<html><body>not a pdf</body></html>')), type: 'application/pdf' },
    ]) {
      const r = await upload(school, { fileId, itemId: 'leading-group' }, file);
      expect(r.status).toBe(415);
      expect(await messageOf(r)).toContain('只能上传 PDF');
    }
    expect(await evidenceCount()).toBe(0);
    expect(storedFiles().length).toBe(before);
  });

  test('refuses an 11 MB file with a Chinese message and stores nothing', async () => {
    const bytes = new Uint8Array(11 * 1024 * 1024);
    bytes.set(Buffer.from('%PDF-1.4'));
    const r = await upload(school, { fileId, itemId: 'leading-group' }, { name: '大文件.pdf', bytes, type: 'application/pdf' });
    expect(r.status).toBe(413);
    expect(await messageOf(r)).toMatch(/太大|超过 10 MB/);
    expect(await evidenceCount()).toBe(0);
  });

  test('keeps a PDF, a DOCX and a PNG; serves documents as attachments and images inline, never sniffable', async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2b6cb0' } })
        .png()
        .toBuffer(),
    );
    for (const file of [
      { name: '领导小组文件.pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF')), type: 'application/pdf' },
      { name: '会议记录.docx', bytes: fakeDocx(), type: 'application/octet-stream' },
      { name: '现场照片.png', bytes: png, type: 'image/png' },
    ]) {
      expect((await upload(school, { fileId, itemId: 'leading-group' }, file)).status).toBe(200);
    }
    const { data } = await (await app.service()).from('demonstration_evidence').select('evidence_id, original_name, content_type, storage_key').eq('file_id', fileId);
    const rows = data as { evidence_id: string; original_name: string; content_type: string; storage_key: string }[];
    expect(rows.map((r) => r.content_type).sort()).toEqual(['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png']);
    expect(rows.every((r) => !r.storage_key.includes('.') && !/[\u4e00-\u9fff]/.test(r.storage_key))).toBe(true);
    const pdf = rows.find((r) => r.content_type === 'application/pdf');
    const image = rows.find((r) => r.content_type === 'image/png');
    const doc = await school.get(`/api/demonstration/evidence/${pdf?.evidence_id}`);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(doc.headers.get('x-content-type-options')).toBe('nosniff');
    expect(doc.headers.get('content-security-policy')).toContain("default-src 'none'");
    const img = await office.get(`/api/demonstration/evidence/${image?.evidence_id}`);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('content-disposition')).toMatch(/^inline/);
    expect((await other.get(`/api/demonstration/evidence/${pdf?.evidence_id}`)).status).toBe(404);
    expect((await new Browserless(app.url).get(`/api/demonstration/evidence/${pdf?.evidence_id}`)).status).toBe(401);
    const page = await (await school.get(`/me/school/demonstration/${fileId}/`)).text();
    expect(imgTag(page, `/api/demonstration/evidence/${image?.evidence_id}?size=thumb`)).toContain('width="160" height="120"');
  });

  test('refuses an image that does not decode with a Chinese message, and stores nothing', async () => {
    const before = storedFiles().length;
    const count = await evidenceCount();
    const junk = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('not a photo, only the first bytes of one')]);
    const r = await upload(school, { fileId, itemId: 'drug-free-corner' }, { name: '损坏的照片.jpg', bytes: junk, type: 'image/jpeg' });
    expect(r.status).toBe(422);
    expect(await messageOf(r)).toContain('图片无法打开');
    const form = new FormData();
    form.set('fileId', fileId);
    form.set('itemId', 'drug-free-corner');
    form.set('file', new File([junk], '损坏的照片.jpg', { type: 'image/jpeg' }));
    const page = await fetch(`${app.url}/me/school/demonstration/${fileId}/?_action=demonstration.upload`, {
      method: 'POST',
      body: form,
      headers: { origin: app.url, cookie: school.cookieHeader() },
      redirect: 'manual',
    });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('图片无法打开');
    expect(await evidenceCount()).toBe(count);
    expect(storedFiles().length).toBe(before);
  });

  test('a phone photo gets an upright WebP thumbnail without its GPS position, served only to the school and the office', async () => {
    // 1,600 × 1,200 as stored, turned by EXIF orientation 6, with a camera model and a GPS position.
    const photo = new Uint8Array(
      await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
        .jpeg({ quality: 85 })
        .withExif({ IFD0: { Make: 'QingyuanCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 10/1 0/1' } })
        .withMetadata({ orientation: 6 })
        .toBuffer(),
    );
    expect((await upload(school, { fileId, itemId: 'drug-free-corner' }, { name: '宣传活动.jpg', bytes: photo, type: 'image/jpeg' })).status).toBe(200);
    const { data } = await (await app.service())
      .from('demonstration_evidence')
      .select('evidence_id, storage_key, thumbnail_key, thumbnail_width, thumbnail_height')
      .eq('file_id', fileId)
      .eq('original_name', '宣传活动.jpg')
      .single();
    const row = data as { evidence_id: string; storage_key: string; thumbnail_key: string; thumbnail_width: number; thumbnail_height: number };
    expect(row).toMatchObject({ thumbnail_key: `${row.storage_key}-t`, thumbnail_width: 240, thumbnail_height: 320 });
    expect(storedFiles()).toEqual(expect.arrayContaining([row.storage_key, row.thumbnail_key, `${row.thumbnail_key}.type`]));

    const url = `/api/demonstration/evidence/${row.evidence_id}?size=thumb`;
    for (const reader of [school, office]) {
      const r = await reader.get(url);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/webp');
      expect(r.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('宣传活动-缩略图.webp')}`);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      // The endpoint's own policy, with the header-only directives every response carries.
      expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'");
      expect(r.headers.get('cache-control')).toBe('private, no-store');
      const bytes = Buffer.from(await r.arrayBuffer());
      expect(Number(r.headers.get('content-length'))).toBe(bytes.length);
      expect(bytes.length).toBeLessThan(photo.length / 5);
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height, meta.exif, meta.orientation]).toEqual(['webp', 240, 320, undefined, undefined]);
      expect(bytes.includes('QingyuanCam')).toBe(false);
    }
    // The full photo is still there, whole, behind the link.
    const full = await school.get(`/api/demonstration/evidence/${row.evidence_id}`);
    expect([full.status, full.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(Buffer.from(await full.arrayBuffer()).equals(Buffer.from(photo))).toBe(true);

    expect((await other.get(url)).status).toBe(404);
    expect((await new Browserless(app.url).get(url)).status).toBe(401);
    expect((await school.get(`/api/demonstration/evidence/${row.evidence_id}?size=huge`)).status).toBe(400);

    // Both pages show it at 120 × 160 CSS px (half its pixels), lazily, linked to the full photo.
    const tag = `<img src="${url}" alt="佐证图片：宣传活动.jpg" width="120" height="160" loading="lazy" decoding="async">`;
    for (const html of [await (await school.get(`/me/school/demonstration/${fileId}/`)).text(), await (await office.get(`/me/office/demonstration/${fileId}/`)).text()]) {
      expect(imgTag(html, url)).toBe(tag);
      expect(html).toMatch(new RegExp(`<a href="/api/demonstration/evidence/${row.evidence_id}"[^>]*><img src="${url.replace('?', '\\?')}"`));
    }
  });

  test('documents have no thumbnail; an image from before thumbnails falls back to the full image', async () => {
    const service = await app.service();
    const { data } = await service.from('demonstration_evidence').select('evidence_id, content_type').eq('file_id', fileId).eq('item_id', 'leading-group');
    const rows = data as { evidence_id: string; content_type: string }[];
    const pdf = rows.find((r) => r.content_type === 'application/pdf');
    const png = rows.find((r) => r.content_type === 'image/png');
    const none = await school.get(`/api/demonstration/evidence/${pdf?.evidence_id}?size=thumb`);
    expect(none.status).toBe(404);
    expect(await none.text()).toBe('这个文件没有缩略图');
    // As if uploaded before this change: no thumbnail recorded.
    expect(
      (
        await service
          .from('demonstration_evidence')
          .update({ thumbnail_key: null, thumbnail_width: null, thumbnail_height: null })
          .eq('evidence_id', png?.evidence_id ?? '')
      ).error,
    ).toBeNull();
    const old = await office.get(`/api/demonstration/evidence/${png?.evidence_id}?size=thumb`);
    expect([old.status, old.headers.get('content-type'), old.headers.get('x-content-type-options')]).toEqual([200, 'image/png', 'nosniff']);
    const page = await (await school.get(`/me/school/demonstration/${fileId}/`)).text();
    expect(imgTag(page, `/api/demonstration/evidence/${png?.evidence_id}?size=thumb`)).toBe(
      `<img src="/api/demonstration/evidence/${png?.evidence_id}?size=thumb" alt="佐证图片：现场照片.png" width="120" height="120" loading="lazy" decoding="async" class="crop">`,
    );
    expect(page).not.toContain(`<img src="/api/demonstration/evidence/${pdf?.evidence_id}`);
  });

  test('a phone-sized photo (over 1 MB) uploads through the page form too, not only through the action endpoint', async () => {
    const big = new Uint8Array(
      await sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 128, sigma: 50 } } })
        .jpeg({ quality: 95 })
        .toBuffer(),
    );
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    const form = new FormData();
    form.set('fileId', fileId);
    form.set('itemId', 'drug-free-corner');
    form.set('file', new File([big], '活动现场.jpg', { type: 'image/jpeg' }));
    const r = await fetch(`${app.url}/me/school/demonstration/${fileId}/?_action=demonstration.upload`, {
      method: 'POST',
      body: form,
      headers: { origin: app.url, cookie: school.cookieHeader() },
      redirect: 'manual',
    });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('已保存：设有禁毒教育室或禁毒角');
    const { data } = await (await app.service())
      .from('demonstration_evidence')
      .select('size_bytes, thumbnail_width, thumbnail_height')
      .eq('file_id', fileId)
      .eq('original_name', '活动现场.jpg')
      .single();
    expect(data).toEqual({ size_bytes: big.length, thumbnail_width: 320, thumbnail_height: 240 });
  });

  test('removing an image removes its thumbnail too', async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    expect((await upload(school, { fileId, itemId: 'drug-free-corner' }, { name: '多余.png', bytes: png, type: 'image/png' })).status).toBe(200);
    const { data } = await (await app.service()).from('demonstration_evidence').select('evidence_id, storage_key').eq('file_id', fileId).eq('original_name', '多余.png').single();
    const row = data as { evidence_id: string; storage_key: string };
    expect(storedFiles()).toContain(`${row.storage_key}-t`);
    expect((await act(school, 'removeEvidence', { evidenceId: row.evidence_id })).status).toBe(200);
    expect(storedFiles().filter((f) => f.startsWith(row.storage_key))).toEqual([]);
  });
});

describe('the review workflow', () => {
  async function fillAll(score: (points: number) => number): Promise<void> {
    for (const i of await items()) {
      const r = await act(school, 'saveItem', { fileId, itemId: i.item_id, status: 'met', selfScore: String(score(i.points)), notes: '见附件', links: 'https://example.org/a' });
      expect(r.status).toBe(200);
    }
  }

  test('submitted files are locked for the school; the office cannot score above the points or return without a comment', async () => {
    await fillAll((p) => p);
    expect((await act(school, 'submit', { fileId })).status).toBe(200);
    const edit = await act(school, 'saveItem', { fileId, itemId: 'leading-group', status: 'met', selfScore: '1' });
    expect(edit.status).toBe(409);
    expect(await messageOf(edit)).toContain('已提交');
    const high = await act(office, 'review', { fileId, itemId: 'leading-group', officeScore: '9', officeComment: '' });
    expect(high.status).toBe(400);
    expect(await item('leading-group')).toMatchObject({ office_score: null, self_score: 4 });
    const bare = await act(office, 'decide', { fileId, decision: 'return', comment: ' ' });
    expect(bare.status).toBe(400);
    expect(await messageOf(bare)).toBe('退回时请写明需要修改的地方');
    expect((await act(school, 'review', { fileId, itemId: 'leading-group', officeScore: '4' })).status).toBe(403);
    // The office sees the platform's figures beside each checkable claim, the school's rates included, and a claim of 达标 the ledger does not bear out is flagged.
    const review = (await (await office.get(`/me/office/demonstration/${fileId}/`)).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(review).toMatch(/课时台账：\d+ \/ \d+ 个班达到本学年要求的课时/);
    expect(review).toContain('平台必修课掌握率：');
    expect(review).toContain('竞赛参与率：');
    const onPage = await office.post(`/me/office/demonstration/${fileId}/?_action=demonstration.review`, {
      fileId,
      itemId: 'leading-group',
      officeScore: '9',
      officeComment: '写了一半的意见',
    });
    const refused = await onPage.text();
    expect(refused).toContain('没有保存：');
    expect(refused).toContain('写了一半的意见');
  });

  test('the office returns, the school fixes and resubmits, the office approves only at the pass mark', async () => {
    expect((await act(office, 'decide', { fileId, decision: 'return', comment: '请补充会议记录' })).status).toBe(200);
    expect((await act(school, 'saveItem', { fileId, itemId: 'leading-group', status: 'met', selfScore: '4', notes: '已补充会议记录' })).status).toBe(200);
    expect((await act(school, 'submit', { fileId })).status).toBe(200);
    const list = await items();
    for (const i of list) expect((await act(office, 'review', { fileId, itemId: i.item_id, officeScore: String(Math.floor(i.points * 0.7)), officeComment: '' })).status).toBe(200);
    const low = await act(office, 'decide', { fileId, decision: 'approve', comment: '' });
    expect(low.status).toBe(400);
    expect(await messageOf(low)).toMatch(/未达到达标分 80 分/);
    for (const i of list) expect((await act(office, 'review', { fileId, itemId: i.item_id, officeScore: String(i.points), officeComment: '材料齐全' })).status).toBe(200);
    expect((await act(office, 'decide', { fileId, decision: 'approve', comment: '同意' })).status).toBe(200);
  });

  test('an approved file takes no edits until the office reopens it with a reason', async () => {
    const edit = await act(school, 'saveItem', { fileId, itemId: 'leading-group', status: 'met', selfScore: '3' });
    expect(edit.status).toBe(409);
    expect(await messageOf(edit)).toContain('重新打开');
    expect((await upload(school, { fileId, itemId: 'leading-group' }, { name: 'x.pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.4')), type: 'application/pdf' })).status).toBe(
      409,
    );
    expect((await act(school, 'submit', { fileId })).status).toBe(409);
    expect(await item('leading-group')).toMatchObject({ self_score: 4 });
  });

  test('approved schools appear on the public list and in the counts; reopening takes them off', async () => {
    const visitor = new Browserless(app.url);
    expect(await (await visitor.get('/demonstration/schools/')).text()).toContain('清源实验小学');
    const { data } = await (await app.service()).rpc('demonstration_approved_counts');
    expect(data).toContainEqual(expect.objectContaining({ level: 'municipal', approved: 1 }));
    expect((await act(office, 'decide', { fileId, decision: 'reopen', comment: '' })).status).toBe(400);
    expect((await act(office, 'decide', { fileId, decision: 'reopen', comment: '复查发现照片日期不符' })).status).toBe(200);
    expect(await (await visitor.get('/demonstration/schools/')).text()).not.toContain('清源实验小学');
    expect((await act(school, 'saveItem', { fileId, itemId: 'leading-group', status: 'met', selfScore: '3' })).status).toBe(200);
  });

  test('every step is logged with who and when', async () => {
    const { data } = await (await app.service()).from('demonstration_events').select('action, actor_id, at, from_status, to_status').eq('file_id', fileId).order('event_id');
    const steps = (data as { action: string; actor_id: string; at: string; from_status: string | null; to_status: string | null }[]).filter((e) => e.to_status);
    expect(steps.map((e) => `${e.action}:${e.from_status ?? ''}>${e.to_status}`)).toEqual([
      'open:>draft',
      'submit:draft>submitted',
      'return:submitted>returned',
      'submit:returned>submitted',
      'approve:submitted>approved',
      'reopen:approved>draft',
    ]);
    expect(steps.every((e) => e.actor_id && e.at)).toBe(true);
  });
});
