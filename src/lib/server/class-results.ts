import { getCollection } from 'astro:content';
import type { Db } from '~/lib/server/db/client';
import { lessonsByBand, lessonsOfClass, type Lesson } from '~/lib/content/lessons';
import { classAssignments, type Assignment, type LessonProgress } from './db/learning';
import { rankItems } from '~/lib/domain/class-contest';
import { classContests, type ClassContest } from './db/class-contests';
import { classProgress, itemAnalysis, type ItemStat } from './db/results';
import { roster, type ClassInfo, type RosterStudent } from './db/teaching';

export interface ClassResults {
  students: RosterStudent[];
  /** The lessons shown: the assigned ones, or the class's grade's when nothing is assigned. */
  lessons: Lesson[];
  bandLessons: Lesson[];
  assignments: Assignment[];
  progress: Map<string, Map<string, LessonProgress>>;
  /** Item analysis, one group per lesson or closed contest. */
  itemGroups: ItemGroup[];
  /** The class in the last contests of its level. */
  contests: ClassContest[];
}

export type ItemRow = ItemStat & { stem: string; wrongText: string };

/** The questions of one lesson or contest: ranked when answered at least 5 times, the rest unranked. */
export interface ItemGroup {
  key: string;
  title: string;
  kind: 'lesson' | 'contest';
  ranked: (ItemRow & { share: number })[];
  few: ItemRow[];
}

/** Everything the results page and its exports show, read under the teacher's RLS. */
export async function loadClassResults(db: Db, info: ClassInfo): Promise<ClassResults> {
  const [students, assignments, grouped, quizzes, bandLessons] = await Promise.all([
    roster(db, info.classId),
    classAssignments(db, info.classId),
    lessonsByBand(),
    getCollection('quizzes'),
    lessonsOfClass(info.grade, info.stage),
  ]);
  const all = [...grouped.values()].flat();
  const lessons = assignments.length > 0 ? assignments.flatMap((a) => all.filter((l) => l.id === a.lessonId)) : bandLessons;
  const ids = students.map((s) => s.userId);
  const level = info.grade <= 6 ? 'primary' : 'secondary';
  const [progress, stats, contests] = await Promise.all([classProgress(db, ids), itemAnalysis(db, ids), classContests(db, { studentIds: ids, level })]);
  // Stems and option texts come from the content on the server; teachers see the common wrong answer, not the key.
  const questions = new Map(quizzes.flatMap((q) => q.data.questions.map((question) => [question.id, question] as const)));
  const items = stats.map((s) => {
    const q = questions.get(s.questionId);
    const wrong = s.commonWrong;
    const wrongText =
      wrong === null
        ? ''
        : typeof wrong === 'boolean'
          ? wrong
            ? '对'
            : '错'
          : (q?.options ?? [])
              .filter((o) => (Array.isArray(wrong) ? wrong : [wrong]).includes(o.id))
              .map((o) => o.text)
              .join('；');
    return { ...s, stem: q?.stem ?? s.questionId, wrongText };
  });
  const titles = new Map<string, { title: string; kind: 'lesson' | 'contest'; order: number }>([
    ...all.map((l, n) => [`lesson:${l.id}`, { title: l.data.title, kind: 'lesson' as const, order: n }] as const),
    ...contests.map((c, n) => [`contest:${c.contestId}`, { title: c.title, kind: 'contest' as const, order: -100 + n }] as const),
  ]);
  const byGroup = new Map<string, ItemRow[]>();
  for (const item of items) {
    const key = item.contestId ? `contest:${item.contestId}` : `lesson:${item.lessonId ?? ''}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), item]);
  }
  const itemGroups: ItemGroup[] = [...byGroup]
    .map(([key, rows]) => {
      const known = titles.get(key);
      return {
        key,
        title: known?.title ?? key.replace(/^\w+:/, ''),
        kind: known?.kind ?? (key.startsWith('contest:') ? ('contest' as const) : ('lesson' as const)),
        order: known?.order ?? 1e6,
        ...rankItems<ItemRow>(rows),
      };
    })
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...g }) => g);
  return { students, lessons, bandLessons, assignments, progress, itemGroups, contests };
}

/** One row per student for the exports: number, name, then per lesson best score and attempts. */
export function resultRows(r: ClassResults): { header: string[]; rows: (string | number)[][] } {
  const header = [
    '学号',
    '姓名',
    ...r.lessons.flatMap((l) => [`${l.data.title}·最好成绩`, `${l.data.title}·次数`, `${l.data.title}·掌握`]),
    '已掌握课数',
    ...r.contests.map((c) => `${c.title}·成绩`),
  ];
  const rows = r.students.map((s) => {
    const p = r.progress.get(s.userId);
    const cells = r.lessons.flatMap((l) => {
      const x = p?.get(l.id);
      return x ? [x.bestPercent, x.attempts, x.mastered ? '是' : '否'] : ['', 0, '否'];
    });
    return [s.studentNumber, s.displayName, ...cells, r.lessons.filter((l) => p?.get(l.id)?.mastered).length, ...r.contests.map((c) => c.best.get(s.userId) ?? '未参加')];
  });
  return { header, rows };
}
