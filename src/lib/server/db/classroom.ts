import type { SupabaseClient } from '@supabase/supabase-js';
import type { ClassroomOption, ClassroomQuestionType, ClassroomState } from '~/lib/domain/classroom';
import { fromPostgrest } from './errors';
import { must, mustList } from './service';

/** Calls a classroom function; refusals become DomainErrors with the database's Chinese message. */
async function call<T>(db: SupabaseClient, fn: string, args: Record<string, unknown>, what: string): Promise<T> {
  const { data, error } = await db.rpc(fn, args);
  if (error) throw fromPostgrest(error, what);
  return data as T;
}

/** Starts a session of a lesson for a class the caller teaches; one open session per class. */
export async function startClassroom(db: SupabaseClient, classId: string, lessonId: string): Promise<{ sessionId: string; code: string }> {
  const rows = await call<{ classroom_session_id: string; join_code: string }[]>(db, 'start_classroom_session', { p_class_id: classId, p_lesson_id: lessonId }, '开始上课失败');
  const row = rows[0];
  if (!row) throw new Error('开始上课失败：没有返回课堂');
  return { sessionId: row.classroom_session_id, code: row.join_code };
}

/** A pupil joins the open session of their class by its code; returns the session. */
export const joinClassroom = (db: SupabaseClient, code: string): Promise<string> => call<string>(db, 'join_classroom_session', { p_join_code: code }, '加入课堂失败');

export const openClassroomQuestion = (db: SupabaseClient, sessionId: string, questionId: string): Promise<string> =>
  call<string>(db, 'open_classroom_question', { p_session_id: sessionId, p_question_id: questionId }, '出题失败');

/** Stops answers; with `reveal`, shows the distribution and the key as well. */
export const closeClassroomQuestion = (db: SupabaseClient, questionId: string, reveal: boolean): Promise<void> =>
  call<void>(db, 'close_classroom_question', { p_question_id: questionId, p_reveal: reveal }, '操作失败');

export const recordHands = (db: SupabaseClient, questionId: string, counts: Record<string, number>): Promise<void> =>
  call<void>(db, 'record_classroom_hands', { p_question_id: questionId, p_counts: counts }, '保存举手人数失败');

export const answerClassroomQuestion = (db: SupabaseClient, a: { sessionId: string; questionId: string; response: unknown }): Promise<void> =>
  call<void>(db, 'answer_classroom_question', { p_session_id: a.sessionId, p_question_id: a.questionId, p_response: a.response }, '提交答案失败');

/** 下课: ends the session; with `record`, the ledger entry it recorded. */
export const endClassroom = (db: SupabaseClient, sessionId: string, record: boolean): Promise<string | null> =>
  call<string | null>(db, 'end_classroom_session', { p_session_id: sessionId, p_record: record }, '下课失败');

/** What the projector or the phone shows now. */
export const classroomState = (db: SupabaseClient, sessionId: string): Promise<ClassroomState> =>
  call<ClassroomState>(db, 'classroom_state', { p_session_id: sessionId }, '读取课堂失败');

export interface BankQuestion {
  questionId: string;
  type: ClassroomQuestionType;
  stem: string;
  options: ClassroomOption[];
}

/** The lesson's questions the teacher may open, without keys. */
export async function questionBank(db: SupabaseClient, sessionId: string): Promise<BankQuestion[]> {
  const rows = await call<{ question_id: string; type: ClassroomQuestionType; stem: string; options: ClassroomOption[] }[]>(
    db,
    'classroom_question_bank',
    { p_session_id: sessionId },
    '读取题库失败',
  );
  return rows.map((r) => ({ questionId: r.question_id, type: r.type, stem: r.stem, options: r.options }));
}

export interface ClassroomSession {
  sessionId: string;
  classId: string;
  className: string;
  lessonId: string;
  lessonTitle: string;
  startedAt: string;
  endedAt: string | null;
  ledgerEntryId: string | null;
}

interface SessionRow {
  classroom_session_id: string;
  class_id: string;
  lesson_id: string;
  started_at: string;
  ended_at: string | null;
  ledger_entry_id: string | null;
  class: { name: string } | null;
  lesson: { title: string } | null;
}
const sessionColumns = 'classroom_session_id, class_id, lesson_id, started_at, ended_at, ledger_entry_id, class:classes(name), lesson:lessons(title)';
const toSession = (r: SessionRow): ClassroomSession => ({
  sessionId: r.classroom_session_id,
  classId: r.class_id,
  className: r.class?.name ?? '',
  lessonId: r.lesson_id,
  lessonTitle: r.lesson?.title ?? r.lesson_id,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  ledgerEntryId: r.ledger_entry_id,
});

/** A session the caller may see (RLS), or null. */
export async function classroomSession(db: SupabaseClient, sessionId: string): Promise<ClassroomSession | null> {
  const row = must(await db.from('classroom_sessions').select(sessionColumns).eq('classroom_session_id', sessionId).maybeSingle<SessionRow>(), '读取课堂失败');
  return row ? toSession(row) : null;
}

/** Open sessions of some classes (the teacher's, or the pupil's own). */
export async function openSessions(db: SupabaseClient, classIds: string[]): Promise<ClassroomSession[]> {
  if (classIds.length === 0) return [];
  const rows = mustList(await db.from('classroom_sessions').select(sessionColumns).in('class_id', classIds).is('ended_at', null).returns<SessionRow[]>(), '读取课堂失败');
  return rows.map(toSession);
}

/** The lessons this pupil was taught in class (joined a session and answered), lesson id to the day; RLS: a pupil reads only their own. */
export async function lessonsTaughtInClass(db: SupabaseClient, studentId: string): Promise<Map<string, string>> {
  const rows = mustList(
    await db
      .from('lessons_taught_in_class')
      .select('lesson_id, taught_on')
      .eq('student_id', studentId)
      .order('taught_on', { ascending: false })
      .returns<{ lesson_id: string; taught_on: string }[]>(),
    '读取课堂上已学的课失败',
  );
  return new Map(rows.map((r) => [r.lesson_id, r.taught_on]));
}

export interface TaughtSession {
  sessionId: string;
  lessonId: string;
  lessonTitle: string;
  startedAt: string;
  minutes: number;
  teacherName: string;
  /** Pupils who joined on their phones. */
  joined: number;
  /** Whether 下课 recorded the ledger entry (false: ended without recording). */
  recorded: boolean;
}

interface TaughtRow {
  classroom_session_id: string;
  lesson_id: string;
  started_at: string;
  minutes: number | null;
  ledger_entry_id: string | null;
  lesson: { title: string } | null;
  teacher: { display_name: string } | null;
  joined: { count: number }[];
}

/** The lessons a class was taught in classroom mode, newest first; RLS: the class's teachers, its school's admin and the office. */
export async function classTaughtSessions(db: SupabaseClient, classId: string, limit = 50): Promise<TaughtSession[]> {
  const rows = mustList(
    await db
      .from('classroom_sessions')
      .select(
        'classroom_session_id, lesson_id, started_at, minutes, ledger_entry_id, lesson:lessons(title), teacher:users!classroom_sessions_teacher_id_fkey(display_name), joined:classroom_participants(count)',
      )
      .eq('class_id', classId)
      .not('ended_at', 'is', null)
      .order('started_at', { ascending: false })
      .limit(limit)
      .returns<TaughtRow[]>(),
    '读取课堂上课记录失败',
  );
  return rows.map((r) => ({
    sessionId: r.classroom_session_id,
    lessonId: r.lesson_id,
    lessonTitle: r.lesson?.title ?? r.lesson_id,
    startedAt: r.started_at,
    minutes: r.minutes ?? 0,
    teacherName: r.teacher?.display_name ?? '',
    joined: r.joined[0]?.count ?? 0,
    recorded: r.ledger_entry_id !== null,
  }));
}
