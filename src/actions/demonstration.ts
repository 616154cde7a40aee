import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { schoolYearOf } from '~/lib/domain/contest';
import { demonstrationLevels } from '~/lib/domain/catalog';
import { itemStatuses } from '~/lib/domain/demonstration';
import { refusing as guarded, requireRole } from '~/lib/server/http/action-guards';
import { addEvidence, decideFile, openFile, removeEvidence, reviewItem, saveItem, submitFile } from '~/lib/server/db/demonstration';
import { maxEvidenceBytes, sniffEvidence } from '~/lib/server/storage/sniff';
import { evidenceStore, newEvidenceKey } from '~/lib/server/storage/store';
import { hasThumbnail, ImageRejected, makeThumbnail, thumbnailKeyOf, type Thumbnail } from '~/lib/server/storage/thumbnail';

function signedIn(context: ActionAPIContext, role: 'school_admin' | 'office'): string {
  return requireRole(context, [role], role === 'office' ? '只有市禁毒办可以审核示范学校档案' : '只有学校管理员可以填写示范学校档案').id;
}

const fileId = z.uuid({ error: '档案编号无效' });
const itemId = z.string().regex(/^[a-z0-9-]{1,60}$/, { error: '条目编号无效' });
/** An optional whole-number score from a form field; the item's points are checked in SQL. */
const score = z
  .union([
    z.literal('').transform(() => null),
    z.coerce.number({ error: '分数必须是数字' }).int({ error: '分数必须是整数' }).min(0, { error: '分数不能为负数' }).max(30, { error: '分数超过了条目分值' }),
  ])
  .nullish()
  .transform((v) => v ?? null);
/** One link a line, each http(s). */
const links = z
  .string()
  .max(3000, { error: '链接太长' })
  .nullish()
  .transform((v, ctx) => {
    const list = (v ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.length > 10) ctx.addIssue({ code: 'custom', message: '每个条目最多 10 个链接' });
    const bad = list.find((s) => !/^https?:\/\/[^\s]{3,290}$/.test(s));
    if (bad) ctx.addIssue({ code: 'custom', message: `链接必须以 http:// 或 https:// 开头：${bad.slice(0, 40)}` });
    return list;
  });

export const openDemonstrationFile = defineAction({
  accept: 'form',
  input: z.object({ level: z.enum(demonstrationLevels, { error: '请选择示范学校级别' }) }),
  handler: async ({ level }, context) => {
    signedIn(context, 'school_admin');
    return { fileId: await guarded(async () => openFile(await context.locals.db(), level, schoolYearOf(new Date()))) };
  },
});

export const saveDemonstrationItem = defineAction({
  accept: 'form',
  input: z.object({
    fileId,
    itemId,
    status: z
      .union([z.enum(itemStatuses, { error: '请选择状态' }), z.literal('')])
      .nullish()
      .transform((v) => v || null),
    selfScore: score,
    notes: z
      .string()
      .trim()
      .max(2000, { error: '说明最多 2000 个字' })
      .nullish()
      .transform((v) => v ?? ''),
    links,
  }),
  handler: async (input, context) => {
    signedIn(context, 'school_admin');
    await guarded(async () => saveItem(await context.locals.db(), input));
    return { itemId: input.itemId };
  },
});

export const uploadDemonstrationEvidence = defineAction({
  accept: 'form',
  input: z.object({ fileId, itemId, file: z.instanceof(File, { error: '请选择要上传的文件' }) }),
  handler: async ({ fileId, itemId, file }, context) => {
    signedIn(context, 'school_admin');
    if (file.size === 0) throw new ActionError({ code: 'BAD_REQUEST', message: '请选择要上传的文件' });
    if (file.size > maxEvidenceBytes) throw new ActionError({ code: 'CONTENT_TOO_LARGE', message: '文件超过 10 MB，请压缩后再上传' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const type = sniffEvidence(bytes);
    if (!type) throw new ActionError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '只能上传 PDF、JPEG、PNG、WebP 图片和 Word（.docx）、Excel（.xlsx）文件' });
    // An image must decode before anything is stored; its thumbnail is what the pages show.
    let thumb: Thumbnail | null = null;
    if (hasThumbnail(type)) {
      try {
        thumb = await makeThumbnail(bytes, type);
      } catch (error) {
        if (error instanceof ImageRejected) throw new ActionError({ code: 'UNPROCESSABLE_CONTENT', message: error.message });
        throw error;
      }
    }
    const name = file.name.replace(/[\u0000-\u001f\\/]/g, '_').slice(-200) || '未命名文件';
    const key = newEvidenceKey();
    const thumbKey = thumbnailKeyOf(key);
    const store = evidenceStore();
    await store.put(key, bytes, type);
    try {
      if (thumb) await store.put(thumbKey, thumb.bytes, thumb.type);
      await guarded(async () =>
        addEvidence(await context.locals.db(), {
          fileId,
          itemId,
          key,
          name,
          type,
          size: bytes.length,
          thumbnail: thumb && { key: thumbKey, width: thumb.width, height: thumb.height },
        }),
      );
    } catch (error) {
      await Promise.all([store.delete(key), thumb ? store.delete(thumbKey) : null]);
      throw error;
    }
    return { itemId, name };
  },
});

export const removeDemonstrationEvidence = defineAction({
  accept: 'form',
  input: z.object({ evidenceId: z.uuid({ error: '文件编号无效' }) }),
  handler: async ({ evidenceId }, context) => {
    signedIn(context, 'school_admin');
    const key = await guarded(async () => removeEvidence(await context.locals.db(), evidenceId));
    // Deleting a key that was never stored (documents, older images) is a no-op in both stores.
    const store = evidenceStore();
    await Promise.all([store.delete(key), store.delete(thumbnailKeyOf(key))]);
    return { removed: true };
  },
});

export const submitDemonstrationFile = defineAction({
  accept: 'form',
  input: z.object({ fileId }),
  handler: async (input, context) => {
    signedIn(context, 'school_admin');
    await guarded(async () => submitFile(await context.locals.db(), input.fileId));
    return { submitted: true };
  },
});

export const reviewDemonstrationItem = defineAction({
  accept: 'form',
  input: z.object({
    fileId,
    itemId,
    officeScore: score,
    officeComment: z
      .string()
      .trim()
      .max(1000, { error: '评语最多 1000 个字' })
      .nullish()
      .transform((v) => v ?? ''),
  }),
  handler: async (input, context) => {
    signedIn(context, 'office');
    await guarded(async () => reviewItem(await context.locals.db(), { fileId: input.fileId, itemId: input.itemId, score: input.officeScore, comment: input.officeComment }));
    return { itemId: input.itemId };
  },
});

export const decideDemonstrationFile = defineAction({
  accept: 'form',
  input: z.object({
    fileId,
    decision: z.enum(['return', 'approve', 'reopen'], { error: '请选择处理方式' }),
    comment: z
      .string()
      .trim()
      .max(1000, { error: '意见最多 1000 个字' })
      .nullish()
      .transform((v) => v ?? ''),
  }),
  handler: async (input, context) => {
    signedIn(context, 'office');
    await guarded(async () => decideFile(await context.locals.db(), input.decision, input.fileId, input.comment));
    return { decision: input.decision };
  },
});
