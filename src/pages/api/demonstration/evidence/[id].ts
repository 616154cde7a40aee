import type { APIRoute } from 'astro';
import { evidenceById } from '~/lib/server/db/demonstration';
import { isImage } from '~/lib/server/storage/sniff';
import { evidenceStore } from '~/lib/server/storage/store';
import { thumbnailType } from '~/lib/server/storage/thumbnail';
import { isUuid } from '~/lib/domain/ids';
import { plainText as plain, storedFileResponse } from '~/lib/server/http/stored-file';

export const prerender = false;

/**
 * Sends one evidence file to a user who may read its demonstration file (RLS decides): images
 * inline with their sniffed type, documents as attachments, never anything a browser would run.
 * `?size=thumb` sends the image's WebP thumbnail instead, or the image itself when it was uploaded
 * before thumbnails were made; documents have none (404).
 */
export const GET: APIRoute = async ({ params, locals, url }) => {
  if (!locals.user) return plain(401, '请先登录');
  const id = params['id'] ?? '';
  if (!isUuid(id)) return plain(404, '找不到这个文件');
  const size = url.searchParams.get('size');
  if (size !== null && size !== 'thumb') return plain(400, '参数 size 只能是 thumb');
  const record = await evidenceById(await locals.db(), id);
  if (!record) return plain(404, '找不到这个文件，或你没有权限查看');
  const inline = isImage(record.contentType);
  if (size === 'thumb' && !inline) return plain(404, '这个文件没有缩略图');
  const thumb = size === 'thumb' ? record.thumbnail : null;
  const stored = await evidenceStore().get(thumb ? thumb.key : record.storageKey);
  if (!stored) return plain(404, '文件已不存在');
  return storedFileResponse(stored.bytes, {
    contentType: thumb ? thumbnailType : record.contentType,
    name: thumb ? `${record.originalName.replace(/\.[^.]*$/, '')}-缩略图.webp` : record.originalName,
    inline,
  });
};
