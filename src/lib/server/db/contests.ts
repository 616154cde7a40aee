import type { Db } from '~/lib/server/db/client';
import { contestRates, type ContestCounts, type ContestRates } from '~/lib/domain/contest';
import { rpc } from './client';
import { fromPostgrest } from './errors';
import { must, mustList } from './service';

export interface Contest {
  contestId: string;
  title: string;
  schoolYear: number;
  level: 'primary' | 'secondary';
  quizId: string;
  opensAt: string;
  closesAt: string;
  questionCount: number;
  timeLimitMinutes: number;
  maxAttempts: number;
}

/** A contests row as the columns below read it (also `student_home`'s open contests). */
export type ContestRow = {
  contest_id: string;
  title: string;
  school_year: number;
  level: string;
  quiz_id: string;
  opens_at: string;
  closes_at: string;
  question_count: number;
  time_limit_minutes: number;
  max_attempts: number;
};

const columns = 'contest_id, title, school_year, level, quiz_id, opens_at, closes_at, question_count, time_limit_minutes, max_attempts';

export function toContest(r: ContestRow): Contest {
  return {
    contestId: r.contest_id,
    title: r.title,
    schoolYear: r.school_year,
    level: r.level as Contest['level'],
    quizId: r.quiz_id,
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    questionCount: r.question_count,
    timeLimitMinutes: r.time_limit_minutes,
    maxAttempts: r.max_attempts,
  };
}

/**
 * The contests open now for the signed-in pupil: those whose bank is written for the pupil's band
 * (public.my_open_contests; none for grades 1-2, whom the primary bank is not written for).
 */
export async function myOpenContests(db: Db): Promise<Contest[]> {
  return (await rpc(db, 'my_open_contests', {}, '读取竞赛失败')).map(toContest);
}

/** The most recent contests, newest first (for the office and school admins). */
export async function recentContests(db: Db, limit = 6): Promise<Contest[]> {
  return mustList(await db.from('contests').select(columns).order('opens_at', { ascending: false }).limit(limit), '读取竞赛失败').map(toContest);
}

/** A student's submitted attempts in a contest: how many and the best percent. */
export async function myContestResult(db: Db, studentId: string, contestId: string): Promise<{ attempts: number; best: number | null }> {
  const rows = mustList(await db.from('attempts').select('percent').eq('student_id', studentId).eq('contest_id', contestId), '读取竞赛成绩失败');
  const scores = rows.map((r) => r.percent).filter((p): p is number => p !== null);
  return { attempts: rows.length, best: scores.length ? Math.max(...scores) : null };
}

export interface NewContest {
  title: string;
  level: 'primary' | 'secondary';
  schoolYear: number;
  opensAt: Date;
  closesAt: Date;
  questionCount: number;
  timeLimitMinutes: number;
  maxAttempts: number;
  createdBy: string;
}

/** The office opens a contest window (RLS: office only); the bank is the level's contest bank. */
export async function createContest(db: Db, c: NewContest): Promise<string> {
  const row = must(
    await db
      .from('contests')
      .insert({
        title: c.title,
        level: c.level,
        school_year: c.schoolYear,
        quiz_id: `contest-${c.level}`,
        opens_at: c.opensAt.toISOString(),
        closes_at: c.closesAt.toISOString(),
        question_count: c.questionCount,
        time_limit_minutes: c.timeLimitMinutes,
        max_attempts: c.maxAttempts,
        created_by: c.createdBy,
      })
      .select('contest_id')
      .single<{ contest_id: string }>(),
    '保存竞赛失败',
  );
  return row?.contest_id ?? '';
}

export interface SchoolContestRow extends ContestCounts, ContestRates {
  schoolId: string;
  schoolName: string;
  districtName: string;
}

/** Per-school contest figures with the suppression rule applied. */
export async function contestStats(db: Db, contestId: string): Promise<SchoolContestRow[]> {
  const { data, error } = await db.rpc('contest_school_stats', { p_contest_id: contestId });
  if (error) throw fromPostgrest(error, '读取竞赛统计失败');
  return (data ?? []).map((r) => {
    const counts = { students: r.students, participants: r.participants, passed: r.passed, excellent: r.excellent, scoreSum: r.score_sum };
    return { schoolId: r.school_id, schoolName: r.school_name, districtName: r.district_name, ...counts, ...contestRates(counts) };
  });
}
