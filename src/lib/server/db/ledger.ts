import type { Db } from '~/lib/server/db/client';
import type { Enums, TablesInsert, TablesUpdate } from '~/lib/database.types';
import type { ClassHours, SessionForm, SessionSource } from '~/lib/domain/ledger';
import { fromPostgrest } from './errors';
import { mustList } from './service';

export interface LedgerEntry {
  sessionId: string;
  classId: string;
  heldOn: string;
  lessonId: string | null;
  topic: string | null;
  hours: number;
  form: SessionForm;
  teacherName: string;
  note: string | null;
  recordedAt: string;
  updatedAt: string | null;
  /** 'platform' when a classroom session recorded it at 下课, 'hand' when staff typed it. */
  source: SessionSource;
  /** Pupils who joined that classroom session (platform entries). */
  participants: number | null;
  edits: { editedBy: string; editedAt: string; action: Enums<'session_edit_action'> }[];
}

/** The first day of a school year and the first day of the next, as ISO dates. */
export function schoolYearRange(year: number): { from: string; to: string } {
  return { from: `${year}-09-01`, to: `${year + 1}-09-01` };
}

/** Ledger entries of some classes in a school year, newest first, with who recorded and changed them. */
export async function ledgerEntries(db: Db, classIds: string[], year: number): Promise<LedgerEntry[]> {
  if (classIds.length === 0) return [];
  const { from, to } = schoolYearRange(year);
  const rows = mustList(
    await db
      .from('class_sessions')
      .select(
        'session_id, class_id, held_on, lesson_id, topic, hours, form, note, recorded_at, updated_at, source, participants, teacher:users!class_sessions_teacher_id_fkey(display_name), edits:class_session_edits(edited_at, action, editor:users(display_name))',
      )
      .in('class_id', classIds)
      .gte('held_on', from)
      .lt('held_on', to)
      .order('held_on', { ascending: false }),
    '读取课时台账失败',
  );
  return rows.map((r) => ({
    sessionId: r.session_id,
    classId: r.class_id,
    heldOn: r.held_on,
    lessonId: r.lesson_id,
    topic: r.topic,
    hours: Number(r.hours),
    form: r.form,
    teacherName: r.teacher?.display_name ?? '',
    note: r.note,
    recordedAt: r.recorded_at,
    updatedAt: r.updated_at,
    source: r.source,
    participants: r.participants,
    edits: r.edits.map((e) => ({ editedBy: e.editor?.display_name ?? '', editedAt: e.edited_at, action: e.action })).sort((a, b) => a.editedAt.localeCompare(b.editedAt)),
  }));
}

export interface SessionInput {
  classId: string;
  heldOn: string;
  lessonId: string | null;
  topic: string | null;
  hours: number;
  form: SessionForm;
  teacherId: string;
  note: string | null;
}

const toRow = (s: SessionInput): TablesUpdate<'class_sessions'> => ({
  class_id: s.classId,
  held_on: s.heldOn,
  lesson_id: s.lessonId,
  topic: s.topic,
  hours: s.hours,
  form: s.form,
  teacher_id: s.teacherId,
  note: s.note,
});

/** Records a delivered session; the database checks the date, the class and the teacher, and logs it. */
export async function recordSession(db: Db, s: SessionInput): Promise<void> {
  // school_id and recorded_by are filled by the database from the class and the caller.
  const { error } = await db.from('class_sessions').insert(toRow(s) as TablesInsert<'class_sessions'>);
  if (error) throw fromPostgrest(error, '登记课时失败');
}

/** Corrects an entry; the edit is logged with who and when. */
export async function correctSession(db: Db, sessionId: string, s: SessionInput): Promise<void> {
  const { data, error } = await db.from('class_sessions').update(toRow(s)).eq('session_id', sessionId).select('session_id');
  if (error) throw fromPostgrest(error, '修改课时失败');
  if (!data?.length) throw fromPostgrest({ code: 'QYFOR', message: '找不到这条记录，或你不能修改它' }, '修改课时失败');
}

/** A row of `class_hours` (SQL), which owns the rule: delivered hours against the grade's requirement. */
export interface ClassHoursRow {
  class_id: string;
  school_id: string;
  name: string;
  grade: number;
  delivered: number | string;
  platform: number | string;
  required: number | string;
  short: number | string;
  met: boolean;
}

export function toClassHours(r: ClassHoursRow): ClassHours {
  return {
    classId: r.class_id,
    name: r.name,
    grade: r.grade,
    delivered: Number(r.delivered),
    platform: Number(r.platform),
    required: Number(r.required),
    short: Number(r.short),
    met: r.met,
  };
}

/** Some classes' delivered hours in a school year against their requirement, in the order given (a class the caller cannot see is left out). */
export async function classHoursFor<C extends { classId: string }>(db: Db, classes: readonly C[], year: number): Promise<ClassHours[]> {
  if (classes.length === 0) return [];
  const rows = mustList(
    await db.rpc('class_hours', { p_year: year }).in(
      'class_id',
      classes.map((c) => c.classId),
    ),
    '读取班级课时失败',
  ) as ClassHoursRow[];
  const byId = new Map(rows.map((r) => [r.class_id, toClassHours(r)]));
  return classes.map((c) => byId.get(c.classId)).filter((h): h is ClassHours => h !== undefined);
}
