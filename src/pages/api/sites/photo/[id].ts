import type { APIRoute } from 'astro';
import { isUuid } from '~/lib/domain/ids';
import { plainText as plain, storedFileResponse } from '~/lib/server/http/stored-file';
import { evidenceStore } from '~/lib/server/storage/store';
import { thumbnailType } from '~/lib/server/storage/thumbnail';
import { sitePhoto } from '~/lib/server/workplaces/units';

export const prerender = false;

/** A site's photo (or `?size=thumb`, its WebP thumbnail) to whoever RLS lets read it: the office. */
export const GET: APIRoute = async ({ params, locals, url }) => {
  if (!locals.user) return plain(401, '请先登录');
  const id = params['id'] ?? '';
  if (!isUuid(id)) return plain(404, '找不到这张照片');
  const size = url.searchParams.get('size');
  if (size !== null && size !== 'thumb') return plain(400, '参数 size 只能是 thumb');
  const photo = await sitePhoto(await locals.db(), id);
  if (!photo) return plain(404, '找不到这张照片，或你没有权限查看');
  const thumb = size === 'thumb' ? photo.thumbnailKey : null;
  const stored = await evidenceStore().get(thumb ?? photo.storageKey);
  if (!stored) return plain(404, '照片已不存在');
  return storedFileResponse(stored.bytes, { contentType: thumb ? thumbnailType : photo.contentType, name: photo.originalName, inline: true });
};
