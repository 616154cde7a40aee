import type { Enums } from '~/lib/database.types';
import { type Db, nullArg, rpc } from '~/lib/server/db/client';
import type { DemonstrationLevel } from '~/lib/domain/catalog';
import type { FileItem, FileStatus, ItemStatus } from '~/lib/domain/demonstration';
import { fromPostgrest } from './errors';
import { must, mustList } from './service';

export interface FileSummary {
  fileId: string;
  schoolId: string;
  schoolName: string;
  districtName: string;
  level: DemonstrationLevel;
  schoolYear: number;
  status: FileStatus;
  reopened: boolean;
  submittedAt: string | null;
  decidedAt: string | null;
}

export interface ItemRecord extends FileItem {
  notes: string;
  links: string[];
  officeComment: string;
}

export interface EvidenceRecord {
  evidenceId: string;
  itemId: string;
  storageKey: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
  /** The WebP thumbnail of an image uploaded since thumbnails were made; null for documents and older images. */
  thumbnail: { key: string; width: number; height: number } | null;
}

export interface FileEvent {
  at: string;
  actor: string;
  action: Enums<'demonstration_action'>;
  itemId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
}

export interface FileRecord extends FileSummary {
  items: ItemRecord[];
  evidence: EvidenceRecord[];
  events: FileEvent[];
  passScore: number;
}

type FileRow = {
  file_id: string;
  school_id: string;
  level: string;
  school_year: number;
  status: string;
  reopened: boolean;
  submitted_at: string | null;
  decided_at: string | null;
  school: { name: string; district: { name: string } | null } | null;
};
const fileColumns = 'file_id, school_id, level, school_year, status, reopened, submitted_at, decided_at, school:schools(name, district:districts(name))';

const summary = (r: FileRow): FileSummary => ({
  fileId: r.file_id,
  schoolId: r.school_id,
  schoolName: r.school?.name ?? '',
  districtName: r.school?.district?.name ?? '',
  level: r.level as DemonstrationLevel,
  schoolYear: r.school_year,
  status: r.status as FileStatus,
  reopened: r.reopened,
  submittedAt: r.submitted_at,
  decidedAt: r.decided_at,
});

/** Files visible to the caller (RLS): a school admin's own, the office's all, and approved ones. */
export async function listFiles(db: Db, filter: { schoolId?: string; statuses?: FileStatus[] } = {}): Promise<FileSummary[]> {
  let query = db.from('demonstration_files').select(fileColumns);
  if (filter.schoolId) query = query.eq('school_id', filter.schoolId);
  if (filter.statuses) query = query.in('status', filter.statuses);
  const rows = mustList(await query.order('school_year', { ascending: false }).order('submitted_at', { ascending: true }), '读取示范学校档案失败');
  return rows.map(summary);
}

type EvidenceRow = {
  evidence_id: string;
  item_id: string;
  storage_key: string;
  original_name: string;
  content_type: string;
  size_bytes: number;
  uploaded_at: string;
  thumbnail_key: string | null;
  thumbnail_width: number | null;
  thumbnail_height: number | null;
};
const evidenceColumns = 'evidence_id, item_id, storage_key, original_name, content_type, size_bytes, uploaded_at, thumbnail_key, thumbnail_width, thumbnail_height';

const evidenceRecord = (e: EvidenceRow): EvidenceRecord => ({
  evidenceId: e.evidence_id,
  itemId: e.item_id,
  storageKey: e.storage_key,
  originalName: e.original_name,
  contentType: e.content_type,
  sizeBytes: e.size_bytes,
  uploadedAt: e.uploaded_at,
  thumbnail: e.thumbnail_key && e.thumbnail_width && e.thumbnail_height ? { key: e.thumbnail_key, width: e.thumbnail_width, height: e.thumbnail_height } : null,
});

/** One file with its items, evidence and log, or null when the caller may not read it. */
export async function loadFile(db: Db, fileId: string): Promise<FileRecord | null> {
  const row = must(await db.from('demonstration_files').select(fileColumns).eq('file_id', fileId).maybeSingle<FileRow>(), '读取档案失败');
  if (!row) return null;
  const [items, evidence, events, level] = await Promise.all([
    mustList(
      await db.from('demonstration_items').select('item_id, points, status, self_score, notes, links, office_score, office_comment').eq('file_id', fileId),
      '读取档案条目失败',
    ),
    mustList(await db.from('demonstration_evidence').select(evidenceColumns).eq('file_id', fileId).order('uploaded_at'), '读取佐证材料失败'),
    mustList(
      await db.from('demonstration_events').select('at, action, item_id, from_status, to_status, comment, actor:users(display_name)').eq('file_id', fileId).order('at'),
      '读取档案记录失败',
    ),
    must(await db.from('demonstration_levels').select('pass_score').eq('level', row.level).maybeSingle<{ pass_score: number }>(), '读取达标分失败'),
  ]);
  // A file that is not readable in full (another school's approved file) shows no items.
  if (items.length === 0) return null;
  return {
    ...summary(row),
    passScore: level?.pass_score ?? 0,
    items: items.map((i) => ({
      itemId: i.item_id,
      points: i.points,
      status: i.status as ItemStatus | null,
      selfScore: i.self_score,
      notes: i.notes ?? '',
      links: i.links,
      officeScore: i.office_score,
      officeComment: i.office_comment ?? '',
    })),
    evidence: evidence.map(evidenceRecord),
    events: events.map((e) => ({
      at: e.at,
      actor: e.actor?.display_name ?? '',
      action: e.action,
      itemId: e.item_id,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      comment: e.comment,
    })),
  };
}

/** One evidence record, only if the caller may read its file (RLS). */
export async function evidenceById(db: Db, evidenceId: string): Promise<EvidenceRecord | null> {
  const e = must(await db.from('demonstration_evidence').select(evidenceColumns).eq('evidence_id', evidenceId).maybeSingle<EvidenceRow>(), '读取佐证材料失败');
  return e && evidenceRecord(e);
}

export const openFile = (db: Db, level: DemonstrationLevel, schoolYear: number): Promise<string> =>
  rpc(db, 'open_demonstration_file', { p_level: level, p_school_year: schoolYear }, '建立档案失败');

export const saveItem = (db: Db, i: { fileId: string; itemId: string; status: ItemStatus | null; selfScore: number | null; notes: string; links: string[] }): Promise<void> =>
  rpc(
    db,
    'save_demonstration_item',
    { p_file_id: i.fileId, p_item_id: i.itemId, p_status: nullArg(i.status), p_self_score: nullArg(i.selfScore), p_notes: i.notes, p_links: i.links },
    '保存条目失败',
  );

export const addEvidence = (
  db: Db,
  e: { fileId: string; itemId: string; key: string; name: string; type: string; size: number; thumbnail: EvidenceRecord['thumbnail'] },
): Promise<string> =>
  rpc(
    db,
    'add_demonstration_evidence',
    {
      p_file_id: e.fileId,
      p_item_id: e.itemId,
      p_key: e.key,
      p_name: e.name,
      p_type: e.type,
      p_size: e.size,
      p_thumbnail_key: nullArg(e.thumbnail?.key),
      p_thumbnail_width: nullArg(e.thumbnail?.width),
      p_thumbnail_height: nullArg(e.thumbnail?.height),
    },
    '保存佐证材料失败',
  );

/** Removes an evidence record; returns the storage key of its bytes (its thumbnail, if any, is under `thumbnailKeyOf` that key). */
export const removeEvidence = (db: Db, evidenceId: string): Promise<string> => rpc(db, 'remove_demonstration_evidence', { p_evidence_id: evidenceId }, '删除佐证材料失败');

export const submitFile = (db: Db, fileId: string): Promise<void> => rpc(db, 'submit_demonstration_file', { p_file_id: fileId }, '提交档案失败');

export const reviewItem = (db: Db, r: { fileId: string; itemId: string; score: number | null; comment: string }): Promise<void> =>
  rpc(db, 'review_demonstration_item', { p_file_id: r.fileId, p_item_id: r.itemId, p_office_score: nullArg(r.score), p_office_comment: r.comment }, '保存评分失败');

export const decideFile = (db: Db, decision: 'return' | 'approve' | 'reopen', fileId: string, comment: string): Promise<void> =>
  rpc(db, `${decision}_demonstration_file`, { p_file_id: fileId, p_comment: comment }, '处理档案失败');

/** Approved files per level and school year, for the city dashboard. */
export async function approvedCounts(db: Db): Promise<{ level: DemonstrationLevel; schoolYear: number; approved: number }[]> {
  const { data, error } = await db.rpc('demonstration_approved_counts');
  if (error) throw fromPostgrest(error, '读取示范学校统计失败');
  return (data ?? []).map((r) => ({ level: r.level as DemonstrationLevel, schoolYear: r.school_year, approved: r.approved }));
}
