import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { unitKinds, siteKinds, workerNameProblem } from '~/lib/domain/units';
import { adultLogin, passwordProblem } from '~/lib/domain/login';
import { isUuid } from '~/lib/domain/ids';
import type { Response } from '~/lib/domain/grading';
import { hashPassword } from '~/lib/server/auth/password';
import { requestAddress } from '~/lib/server/http/client-address';
import { serviceClient } from '~/lib/server/db/service';
import { asActionError, requireRole } from '~/lib/server/http/action-guards';
import { LoginTakenError } from '~/lib/server/db/accounts';
import { courseEntry } from '~/lib/server/workplaces/courses';
import { CheckRefused, checkSheet, startCheck as startUnitCheck, submitCheck as submitUnitCheck } from '~/lib/server/workplaces/check';
import { addPlace, addSite, createManager, registerUnit, renewSite, rotateCode, UnitInputError } from '~/lib/server/workplaces/units';
import { maxEvidenceBytes, sniffEvidence, isImage } from '~/lib/server/storage/sniff';
import { evidenceStore, newEvidenceKey } from '~/lib/server/storage/store';
import { ImageRejected, makeThumbnail, thumbnailKeyOf } from '~/lib/server/storage/thumbnail';

function refused(error: unknown): never {
  if (error instanceof CheckRefused) throw new ActionError({ code: error.status, message: error.message });
  return asActionError(error, [
    [UnitInputError, 'BAD_REQUEST'],
    [LoginTakenError, 'CONFLICT'],
  ]);
}

function office(context: ActionAPIContext): void {
  requireRole(context, ['office'], '只有市禁毒办可以做这项操作');
}

const unitCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,16}$/, { error: '二维码编号无效，请重新扫码' });
const courseId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: '课程编号无效' });

/** A worker (no account) starts the check of a course from their unit's QR code. */
export const startCheck = defineAction({
  accept: 'form',
  input: z.object({
    code: unitCode,
    course: courseId,
    workerName: z
      .string()
      .max(200, { error: '姓名最多 20 个字' })
      .superRefine((v, ctx) => {
        const problem = workerNameProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    phoneLast4: z
      .string()
      .trim()
      .regex(/^[0-9]{4}$/, { error: '请填写手机号的后 4 位数字' }),
  }),
  handler: async (input, context) => {
    const found = await courseEntry(input.course);
    if (!found) throw new ActionError({ code: 'NOT_FOUND', message: '找不到这门课程' });
    const attemptId = await startUnitCheck(serviceClient(), {
      code: input.code,
      course: found.course,
      workerName: input.workerName.trim(),
      phoneLast4: input.phoneLast4,
      address: requestAddress(context),
      seed: Math.floor(Math.random() * 2 ** 32),
    }).catch(refused);
    return { attemptId };
  },
});

/**
 * A worker submits their check. The answers come as form fields named after the question ids
 * (radio buttons, check boxes, 是/否); only ids of this check are read.
 */
export const submitCheck = defineAction({
  accept: 'form',
  handler: async (form: FormData) => {
    const attemptId = String(form.get('attemptId') ?? '');
    if (!isUuid(attemptId)) {
      throw new ActionError({ code: 'NOT_FOUND', message: '找不到这次考核，请重新扫码' });
    }
    const db = serviceClient();
    const sheet = await checkSheet(db, attemptId).catch(refused);
    if (!sheet) throw new ActionError({ code: 'NOT_FOUND', message: '找不到这次考核，请重新扫码' });
    const answers: Record<string, Response> = {};
    for (const q of sheet.questions) {
      const values = form
        .getAll(`q.${q.id}`)
        .map(String)
        .filter((v) => v.length <= 5);
      if (values.length === 0) continue;
      if (q.type === 'multiple') answers[q.id] = values.slice(0, 8);
      else if (q.type === 'truefalse') answers[q.id] = values[0] === 'true';
      else answers[q.id] = values[0] ?? '';
    }
    const result = await submitUnitCheck(db, attemptId, answers).catch(refused);
    return { ...result, attemptId };
  },
});

/** The unit's manager (or the office) replaces the unit's QR code; posters with the old one stop working. */
export const rotateUnitCode = defineAction({
  accept: 'form',
  input: z.object({ unitId: z.uuid({ error: '单位编号无效' }) }),
  handler: async ({ unitId }, context) => {
    requireRole(context, ['unit_manager', 'office'], '只有单位管理员可以更换二维码');
    return { code: await rotateCode(await context.locals.db(), unitId).catch(refused) };
  },
});

const text = (max: number, empty: string): z.ZodString =>
  z
    .string()
    .trim()
    .min(1, { error: empty })
    .max(max, { error: `最多 ${max} 个字` });

/** The office registers a unit. */
export const registerUnitAction = defineAction({
  accept: 'form',
  input: z.object({
    districtId: z.uuid({ error: '请选择区' }),
    kind: z.enum(unitKinds, { error: '请选择单位类型' }),
    name: text(60, '请填写单位名称').min(2, { error: '单位名称至少 2 个字' }),
    contactName: text(20, '请填写联系人'),
    contactPhone: z
      .string()
      .trim()
      .regex(/^[0-9][0-9 -]{4,19}$/, { error: '联系电话只能是数字、空格和短横线（5-20 位）' }),
  }),
  handler: async (input, context) => {
    office(context);
    return { unitId: await registerUnit(await context.locals.db(), { ...input, createdBy: context.locals.user?.id ?? '' }).catch(refused), name: input.name };
  },
});

/** The office creates a unit manager with a first password. */
export const createManagerAction = defineAction({
  accept: 'form',
  input: z.object({
    unitId: z.uuid({ error: '请选择单位' }),
    displayName: text(20, '请填写姓名或称呼'),
    account: text(120, '请输入手机号或邮箱'),
    password: z.string().max(64, { error: '密码最多 64 位' }),
  }),
  handler: async (input, context) => {
    office(context);
    const id = adultLogin(input.account);
    if (!id) throw new ActionError({ code: 'BAD_REQUEST', message: '请输入 11 位手机号或有效的邮箱地址' });
    const problem = passwordProblem(input.password, { login: id.login });
    if (problem) throw new ActionError({ code: 'BAD_REQUEST', message: `初始密码：${problem}` });
    const userId = await createManager(await context.locals.db(), {
      unitId: input.unitId,
      displayName: input.displayName,
      id,
      passwordHash: await hashPassword(input.password),
    }).catch(refused);
    return { userId, displayName: input.displayName };
  },
});

/** The office adds a village or community. */
export const addPlaceAction = defineAction({
  accept: 'form',
  input: z.object({
    districtId: z.uuid({ error: '请选择区' }),
    town: text(40, '请填写乡镇或街道'),
    name: text(40, '请填写村或社区名称'),
    kind: z.enum(['village', 'community'], { error: '请选择村或社区' }),
  }),
  handler: async (input, context) => {
    office(context);
    return { placeId: await addPlace(await context.locals.db(), input).catch(refused), name: input.name };
  },
});

/** The office records an education site in a village or community. */
export const addSiteAction = defineAction({
  accept: 'form',
  input: z.object({
    placeId: z.uuid({ error: '请选择村或社区' }),
    kind: z.enum(siteKinds, { error: '请选择阵地类型' }),
    name: text(60, '请填写阵地名称').min(2, { error: '阵地名称至少 2 个字' }),
  }),
  handler: async (input, context) => {
    office(context);
    return { siteId: await addSite(await context.locals.db(), { ...input, createdBy: context.locals.user?.id ?? '' }).catch(refused), name: input.name };
  },
});

/** The office records that a site's content was renewed, with a photo (JPEG, PNG or WebP). */
export const renewSiteAction = defineAction({
  accept: 'form',
  input: z.object({
    siteId: z.uuid({ error: '阵地编号无效' }),
    renewedOn: z.iso.date({ error: '请填写更新日期' }),
    // An empty field arrives as null from a form: the note is optional.
    note: z
      .string()
      .trim()
      .max(200, { error: '说明最多 200 个字' })
      .nullish()
      .transform((v) => v ?? ''),
    photo: z.instanceof(File, { error: '请选择照片' }),
  }),
  handler: async (input, context) => {
    office(context);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    if (input.renewedOn > today) throw new ActionError({ code: 'BAD_REQUEST', message: '更新日期不能晚于今天' });
    if (input.photo.size === 0) throw new ActionError({ code: 'BAD_REQUEST', message: '请选择照片' });
    if (input.photo.size > maxEvidenceBytes) throw new ActionError({ code: 'CONTENT_TOO_LARGE', message: '照片超过 10 MB，请压缩后再上传' });
    const bytes = new Uint8Array(await input.photo.arrayBuffer());
    const type = sniffEvidence(bytes);
    if (!type || !isImage(type)) throw new ActionError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '只能上传 JPEG、PNG 或 WebP 照片' });
    let thumb: Awaited<ReturnType<typeof makeThumbnail>>;
    try {
      thumb = await makeThumbnail(bytes, type);
    } catch (error) {
      if (error instanceof ImageRejected) throw new ActionError({ code: 'UNPROCESSABLE_CONTENT', message: error.message });
      throw error;
    }
    const key = newEvidenceKey();
    const thumbKey = thumbnailKeyOf(key);
    const store = evidenceStore();
    await store.put(key, bytes, type);
    try {
      await store.put(thumbKey, thumb.bytes, thumb.type);
      await renewSite(await context.locals.db(), {
        siteId: input.siteId,
        renewedOn: input.renewedOn,
        note: input.note,
        userId: context.locals.user?.id ?? '',
        photo: {
          key,
          name: input.photo.name.replace(/[\u0000-\u001f\\/]/g, '_').slice(-200) || '照片',
          type,
          size: bytes.length,
          thumbnail: { key: thumbKey, width: thumb.width, height: thumb.height },
        },
      });
    } catch (error) {
      await Promise.all([store.delete(key), store.delete(thumbKey)]);
      refused(error);
    }
    return { siteId: input.siteId };
  },
});
