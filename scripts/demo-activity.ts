// A term under way for the demo: some lessons mastered and some class hours recorded, so the
// teacher's results, the school's 五落实 board and the city dashboard have figures to show.
// npm start adds it once, to a demo database that has no lesson progress yet (DEMO_ACTIVITY=0
// turns it off; the tests do). Student QYXX01/2026030101 is left untouched for trying the quiz.
import type { SupabaseClient } from '@supabase/supabase-js';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Per class of the demo seed: its band and grade, its teacher, the hours held, and how many required lessons each pupil mastered. */
const classes = [
  { classId: id(201), band: 'primary-middle', grade: 3, teacher: id(112), hours: [1, 1], mastered: { 1002: 2, 1003: 2, 1004: 1, 1005: 0 } },
  { classId: id(202), band: 'primary-upper', grade: 5, teacher: id(113), hours: [1], mastered: { 1101: 2, 1102: 2, 1103: 2, 1104: 1, 1105: 0 } },
  { classId: id(203), band: 'junior', grade: 7, teacher: id(122), hours: [1, 1], mastered: { 1201: 2, 1202: 2, 1203: 1, 1204: 0, 1205: 0 } },
];
const topics = ['认识毒品的伪装', '学会拒绝', '毒品的危害与法律'];

/** The date `days` before `now` in Beijing, but not before 1 September of the current school year. */
function dayInTerm(now: Date, days: number): string {
  const beijing = new Date(now.getTime() + 8 * 3600_000);
  const year = beijing.getUTCFullYear() - (beijing.getUTCMonth() < 8 ? 1 : 0);
  const day = new Date(Math.max(beijing.getTime() - days * 86_400_000, Date.UTC(year, 8, 1)));
  return day.toISOString().slice(0, 10);
}

/** Adds the demo activity unless the database already has lesson progress; returns what it added. */
export async function addDemoActivity(service: SupabaseClient, now = new Date()): Promise<{ mastered: number; sessions: number } | null> {
  const { count, error } = await service.from('lesson_progress').select('*', { count: 'exact', head: true });
  if (error) throw new Error(`演示数据：读取学习记录失败（${error.message}）`);
  if ((count ?? 0) > 0) return null;
  const { data: lessons, error: lessonError } = await service.from('lessons').select('lesson_id, band, grades').eq('required', true).is('retired_at', null).order('sort_order');
  if (lessonError) throw new Error(`演示数据：读取课程失败（${lessonError.message}）`);

  const progress = classes.flatMap((c, ci) => {
    // The required lessons of the class's own grade, as the grade map (and the dashboard) counts them.
    const required = (lessons ?? []).filter((l) => l.band === c.band && (l.grades as number[]).includes(c.grade)).map((l) => String(l.lesson_id));
    return Object.entries(c.mastered).flatMap(([student, n], si) =>
      required.slice(0, n).map((lessonId, li) => {
        const at = new Date(Math.max(now.getTime() - (ci * 17 + si * 5 + li * 3 + 2) * 3600_000, Date.parse(`${dayInTerm(now, 365)}T00:00:00+08:00`)));
        return {
          student_id: id(Number(student)),
          lesson_id: lessonId,
          attempts: 1 + (si % 2),
          best_percent: 80 + ((si * 7 + li * 5) % 21),
          mastered_at: at.toISOString(),
          last_attempt_at: at.toISOString(),
        };
      }),
    );
  });
  const sessions = classes.flatMap((c, ci) =>
    c.hours.map((hours, k) => ({
      class_id: c.classId,
      held_on: dayInTerm(now, 3 + ci + k * 7),
      topic: topics[ci] ?? '禁毒教育',
      hours,
      form: k === 0 ? 'lesson' : 'class-meeting',
      teacher_id: c.teacher,
      recorded_by: c.teacher,
    })),
  );
  const inserted = await service.from('lesson_progress').insert(progress);
  if (inserted.error) throw new Error(`演示数据：写入学习记录失败（${inserted.error.message}）`);
  const held = await service.from('class_sessions').insert(sessions);
  if (held.error) throw new Error(`演示数据：写入课时失败（${held.error.message}）`);
  return { mastered: progress.length, sessions: sessions.length };
}
