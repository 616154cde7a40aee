import type { Db } from '~/lib/server/db/client';
import { classContestFigures } from '~/lib/domain/class-contest';
import type { ContestCounts, ContestRates } from '~/lib/domain/contest';
import { mustList } from './service';

/** One contest as a class's teacher sees it: the class's figures and each pupil's best score. */
export interface ClassContest {
  contestId: string;
  title: string;
  level: 'primary' | 'secondary';
  opensAt: Date;
  closesAt: Date;
  /** The window is still open or to come: item analysis waits until it closes. */
  open: boolean;
  figures: ContestCounts & ContestRates;
  /** studentId → best percent, for pupils who took part. */
  best: Map<string, number>;
}

/**
 * The class's results in the last contests of its level that have opened (RLS: a teacher reads
 * the attempts of the pupils of their classes).
 */
export async function classContests(db: Db, input: { studentIds: string[]; level: 'primary' | 'secondary'; limit?: number }): Promise<ClassContest[]> {
  const contests = mustList(
    await db
      .from('contests')
      .select('contest_id, title, level, opens_at, closes_at, pass_percent, excellent_percent')
      .eq('level', input.level)
      .lte('opens_at', new Date().toISOString())
      .order('opens_at', { ascending: false })
      .limit(input.limit ?? 3),
    '读取竞赛失败',
  );
  if (contests.length === 0) return [];
  const attempts =
    input.studentIds.length === 0
      ? []
      : mustList(
          await db
            .from('attempts')
            .select('student_id, contest_id, percent')
            .in(
              'contest_id',
              contests.map((c) => c.contest_id),
            )
            .in('student_id', input.studentIds)
            .not('submitted_at', 'is', null),
          '读取竞赛成绩失败',
        );
  return contests.map((c) => {
    const best = new Map<string, number>();
    for (const a of attempts) {
      if (a.contest_id !== c.contest_id || a.percent === null) continue;
      best.set(a.student_id, Math.max(best.get(a.student_id) ?? 0, a.percent));
    }
    return {
      contestId: c.contest_id,
      title: c.title,
      level: c.level as ClassContest['level'],
      opensAt: new Date(c.opens_at),
      closesAt: new Date(c.closes_at),
      open: Date.parse(c.closes_at) > Date.now(),
      figures: classContestFigures({ students: input.studentIds.length, best: [...best.values()], passPercent: c.pass_percent, excellentPercent: c.excellent_percent }),
      best,
    };
  });
}
