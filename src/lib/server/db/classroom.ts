import { type Db, rpc, rpcJson } from '~/lib/server/db/client';
import type { Json } from '~/lib/database.types';
import type { ClassroomOption, ClassroomQuestionType, ClassroomState } from '~/lib/domain/classroom';
import { must, mustList } from './service';

/** Starts a session of a lesson for a class the caller teaches; one open session per class. */
export async function startClassroom(db: Db, classId: string, lessonId: string): Promise<{ sessionId: string; code: string }> {
  const rows = await rpc(db, 'start_classroom_session', { p_class_id: classId, p_lesson_id: lessonId }, '开始上课失败');
  const row = rows[0];
  if (!row) throw new Error('开始上课失败：没有返回课堂');
  return { sessionId: row.classroom_session_id, code: row.join_code };
}

/** A pupil joins the open session of their class by its code; returns the session. */
export const joinClassroom = (db: Db, code: string): Promise<string> => rpc(db, 'join_classroom_session', { p_join_code: code }, '加入课堂失败');

export const openClassroomQuestion = (db: Db, sessionId: string, questionId: string): Promise<string> =>
  rpc(db, 'open_classroom_question', { p_session_id: sessionId, p_question_id: questionId }, '出题失败');

/** Stops answers; with `reveal`, shows the distribution and the key as well. */
export const closeClassroomQuestion = (db: Db, questionId: string, reveal: boolean): Promise<void> =>
  rpc(db, 'close_classroom_question', { p_question_id: questionId, p_reveal: reveal }, '操作失败');

export const recordHands = (db: Db, questionId: string, counts: Record<string, number>): Promise<void> =>
  rpc(db, 'record_classroom_hands', { p_question_id: questionId, p_counts: counts }, '保存举手人数失败');

export const answerClassroomQuestion = (db: Db, a: { sessionId: string; questionId: string; response: Json }): Promise<void> =>
  rpc(db, 'answer_classroom_question', { p_session_id: a.sessionId, p_question_id: a.questionId, p_response: a.response }, '提交答案失败');

/** 下课: ends the session; with `record`, the ledger entry it recorded. */
export const endClassroom = (db: Db, sessionId: string, record: boolean): Promise<string | null> =>
  rpc(db, 'end_classroom_session', { p_session_id: sessionId, p_record: record }, '下课失败');

/** What the projector or the phone shows now. */
export const classroomState = (db: Db, sessionId: string): Promise<ClassroomState> => rpcJson(db, 'classroom_state', { p_session_id: sessionId }, '读取课堂失败');

export interface BankQuestion {
  questionId: string;
  type: ClassroomQuestionType;
  stem: string;
  options: ClassroomOption[];
}

/** The lesson's questions the teacher may open, without keys. */
export async function questionBank(db: Db, sessionId: string): Promise<BankQuestion[]> {
  const rows = await rpc(db, 'classroom_question_bank', { p_session_id: sessionId }, '读取题库失败');
  // The table's check constraint and the bank's jsonb give these shapes; the generator says text and Json.
  return rows.map((r) => ({ questionId: r.question_id, type: r.type as ClassroomQuestionType, stem: r.stem, options: r.options as unknown as ClassroomOption[] }));
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
export async function classroomSession(db: Db, sessionId: string): Promise<ClassroomSession | null> {
  const row = must(await db.from('classroom_sessions').select(sessionColumns).eq('classroom_session_id', sessionId).maybeSingle<SessionRow>(), '读取课堂失败');
  return row ? toSession(row) : null;
}

/** Open sessions of some classes (the teacher's, or the pupil's own). */
export async function openSessions(db: Db, classIds: string[]): Promise<ClassroomSession[]> {
  if (classIds.length === 0) return [];
  const rows = mustList(await db.from('classroom_sessions').select(sessionColumns).in('class_id', classIds).is('ended_at', null), '读取课堂失败');
  return rows.map(toSession);
}

/** The lessons this pupil was taught in class (joined a session and answered), lesson id to the day; RLS: a pupil reads only their own. */
export async function lessonsTaughtInClass(db: Db, studentId: string): Promise<Map<string, string>> {
  const rows = mustList(
    await db.from('lessons_taught_in_class').select('lesson_id, taught_on').eq('student_id', studentId).order('taught_on', { ascending: false }),
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

/** The lessons a class was taught in classroom mode, newest first; RLS: the class's teachers, its school's admin and the office. */
export async function classTaughtSessions(db: Db, classId: string, limit = 50): Promise<TaughtSession[]> {
  const rows = mustList(
    await db
      .from('classroom_sessions')
      .select(
        'classroom_session_id, lesson_id, started_at, minutes, ledger_entry_id, lesson:lessons(title), teacher:users!classroom_sessions_teacher_id_fkey(display_name), joined:classroom_participants(count)',
      )
      .eq('class_id', classId)
      .not('ended_at', 'is', null)
      .order('started_at', { ascending: false })
      .limit(limit),
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
