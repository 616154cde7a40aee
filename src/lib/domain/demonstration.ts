import type { DemonstrationLevel } from './catalog';

/** Where a demonstration file stands in review. */
export const fileStatuses = ['draft', 'submitted', 'returned', 'approved'] as const;
export type FileStatus = (typeof fileStatuses)[number];
/** The school's own judgement of one item. */
export const itemStatuses = ['met', 'partial', 'unmet'] as const;
export type ItemStatus = (typeof itemStatuses)[number];
/** A step on a file; `open` creates it, the others move it. */
export type FileAction = 'submit' | 'return' | 'approve' | 'reopen';
export type Actor = 'school_admin' | 'office';

export const fileStatusLabels: Record<FileStatus, string> = { draft: '填写中', submitted: '已提交待审核', returned: '已退回修改', approved: '已通过' };
export const itemStatusLabels: Record<ItemStatus, string> = { met: '达标', partial: '部分达标', unmet: '未达标' };

/** The criteria as scoring needs them. */
export interface Criteria {
  levels: Record<DemonstrationLevel, { label: string; passScore: number }>;
  areas: { id: string; title: string; items: { id: string; title: string; points: number; levels: readonly DemonstrationLevel[] }[] }[];
}

/** One item of a file as stored. */
export interface FileItem {
  itemId: string;
  points: number;
  status: ItemStatus | null;
  selfScore: number | null;
  officeScore: number | null;
}

/** What a step needs to know about the file. */
export interface FileFacts {
  status: FileStatus;
  items: readonly FileItem[];
  passScore: number;
  comment?: string;
}

/** The outcome of a step: the next status, or the reason it is refused, in Chinese. */
export type Transition = { ok: true; to: FileStatus } | { ok: false; reason: string };

/** Whether the school may change items and evidence. */
export function isEditable(status: FileStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/**
 * The state machine of a file. The Postgres functions (submit_/return_/approve_/reopen_demonstration_file)
 * decide; this is what pages use to show only the steps that would succeed, and
 * supabase/tests/one-owner.sql.test.ts checks that both agree on every step, actor and status.
 * @example transition('approve', 'office', { status: 'draft', items: [], passScore: 80 }) // { ok: false, reason: '只有学校已提交的档案可以通过' }
 */
export function transition(action: FileAction, actor: Actor, file: FileFacts): Transition {
  const refuse = (reason: string): Transition => ({ ok: false, reason });
  const comment = (file.comment ?? '').trim();
  switch (action) {
    case 'submit': {
      if (actor !== 'school_admin') return refuse('只有学校管理员可以提交档案');
      if (!isEditable(file.status)) return refuse('档案已提交或已通过，不能再提交');
      const open = file.items.filter((i) => i.status === null || i.selfScore === null).length;
      return open > 0 ? refuse(`还有 ${open} 个条目没有填写状态和自评分，不能提交`) : { ok: true, to: 'submitted' };
    }
    case 'return':
      if (actor !== 'office') return refuse('只有市禁毒办可以退回档案');
      if (file.status !== 'submitted') return refuse('只有已提交的档案可以退回');
      return comment ? { ok: true, to: 'returned' } : refuse('退回时请写明需要修改的地方');
    case 'approve': {
      if (actor !== 'office') return refuse('只有市禁毒办可以通过档案');
      if (file.status !== 'submitted') return refuse('只有学校已提交的档案可以通过');
      const unscored = file.items.filter((i) => i.officeScore === null).length;
      if (unscored > 0) return refuse(`还有 ${unscored} 个条目没有评分`);
      const total = officeTotal(file.items);
      return total >= file.passScore ? { ok: true, to: 'approved' } : refuse(`总分 ${total} 分，未达到达标分 ${file.passScore} 分，不能通过`);
    }
    case 'reopen':
      if (actor !== 'office') return refuse('只有市禁毒办可以重新打开档案');
      if (file.status !== 'approved') return refuse('只有已通过的档案需要重新打开');
      return comment ? { ok: true, to: 'draft' } : refuse('重新打开时请写明原因');
  }
}

/** Whether a score fits an item: a whole number from 0 to its points. */
export function scoreFits(score: number, points: number): boolean {
  return Number.isInteger(score) && score >= 0 && score <= points;
}

/** The school's self-assessed total; unscored items count 0. */
export function selfTotal(items: readonly FileItem[]): number {
  return items.reduce((sum, i) => sum + (i.selfScore ?? 0), 0);
}

/** The office's total; unscored items count 0. */
export function officeTotal(items: readonly FileItem[]): number {
  return items.reduce((sum, i) => sum + (i.officeScore ?? 0), 0);
}

export interface AreaScore {
  areaId: string;
  title: string;
  max: number;
  self: number;
  office: number;
}

/**
 * Scores per area for a level: only the items that level is scored on count, so a municipal
 * file leaves out the provincial-only items.
 */
export function areaScores(criteria: Criteria, level: DemonstrationLevel, items: readonly FileItem[]): AreaScore[] {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  return criteria.areas
    .map((area) => {
      const scored = area.items.filter((c) => c.levels.includes(level));
      return {
        areaId: area.id,
        title: area.title,
        max: scored.reduce((n, c) => n + c.points, 0),
        self: scored.reduce((n, c) => n + (byId.get(c.id)?.selfScore ?? 0), 0),
        office: scored.reduce((n, c) => n + (byId.get(c.id)?.officeScore ?? 0), 0),
      };
    })
    .filter((a) => a.max > 0);
}

export interface Progress {
  done: number;
  total: number;
  percent: number;
  /** Items still lacking a status, a self-score or any evidence, with what is missing, in criteria order. */
  missing: { itemId: string; title: string; lacks: string[] }[];
}

/**
 * How far the school is: an item is done with a status and a self-score; evidence (notes,
 * links or files) is listed as missing but does not block submission.
 * @example progress(criteria, 'municipal', [], new Set()).done // 0
 */
export function progress(criteria: Criteria, level: DemonstrationLevel, items: readonly FileItem[], withEvidence: ReadonlySet<string>): Progress {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const scored = criteria.areas.flatMap((a) => a.items).filter((c) => c.levels.includes(level) && byId.has(c.id));
  const missing: Progress['missing'] = [];
  let done = 0;
  for (const c of scored) {
    const item = byId.get(c.id);
    const lacks = [item?.status ? '' : '状态', item?.selfScore === null || item?.selfScore === undefined ? '自评分' : '', withEvidence.has(c.id) ? '' : '佐证材料'].filter(Boolean);
    if (item?.status && item.selfScore !== null) done += 1;
    if (lacks.length > 0) missing.push({ itemId: c.id, title: c.title, lacks });
  }
  const total = scored.length;
  return { done, total, percent: total === 0 ? 0 : Math.round((done / total) * 100), missing };
}
