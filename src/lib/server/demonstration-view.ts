import { getEntry } from 'astro:content';
import type { CriteriaData } from '~/lib/content/schemas';
import type { Enums } from '~/lib/database.types';

/** The criteria from content, as the domain's scoring takes them. */
export async function loadCriteria(): Promise<CriteriaData> {
  const entry = await getEntry('demonstration', 'criteria');
  if (!entry) throw new Error('缺少 content/demonstration/criteria.yaml');
  return entry.data;
}

/** A date-time as 2026年6月26日 14:05 in Beijing time. */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}年${parts['month']}月${parts['day']}日 ${parts['hour']}:${parts['minute']}`;
}

/** File sizes as 1.2 MB or 35 KB. */
export function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export const actionLabels: Record<Enums<'demonstration_action'>, string> = {
  open: '建立档案',
  save_item: '保存条目',
  upload: '上传佐证',
  remove_evidence: '删除佐证',
  submit: '提交审核',
  review_item: '评分',
  return: '退回修改',
  approve: '审核通过',
  reopen: '重新打开',
};
