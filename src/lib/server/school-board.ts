import type { Db } from '~/lib/server/db/client';
import { fiveItems, missingItems, type FiveItem } from '~/lib/domain/five';
import type { ClassHours } from '~/lib/domain/ledger';
import { board, gradesWithLessons, hoursBySchool, teacherRecords, type BoardItem, type TeacherRecord } from './db/schoolwork';

export interface SchoolBoard {
  items: Record<FiveItem, BoardItem>;
  teachers: TeacherRecord[];
  hours: ClassHours[];
  grades: number[];
  gradesWithLessons: number[];
  missing: string[];
}

/** Everything the 五落实 board, its missing list and the printed evidence pack show. */
export async function loadSchoolBoard(db: Db, schoolId: string, year: number): Promise<SchoolBoard> {
  const [boards, teachers, hours, assigned] = await Promise.all([
    board(db, [schoolId], year),
    teacherRecords(db, schoolId),
    hoursBySchool(db, year, [schoolId]),
    gradesWithLessons(db, year, [schoolId]),
  ]);
  const saved = boards.get(schoolId) ?? new Map<FiveItem, BoardItem>();
  const items = Object.fromEntries(
    fiveItems.map((item) => [item, saved.get(item) ?? { item, status: 'missing', evidence: '', link: '', terms: [], materials: [], updatedAt: null }]),
  ) as Record<FiveItem, BoardItem>;
  const classHours = hours.get(schoolId) ?? [];
  const grades = [...new Set(classHours.map((c) => c.grade))].sort((a, b) => a - b);
  const withLessons = [...(assigned.get(schoolId) ?? [])].sort((a, b) => a - b);
  const missing = missingItems({
    statuses: Object.fromEntries(fiveItems.map((i) => [i, items[i].status])),
    planTerms: items.plan.terms,
    grades,
    gradesWithLessons: withLessons,
    teachers: teachers.filter((t) => t.teaches).map((t) => ({ name: t.name, trained: t.trainedOn !== null })),
    classesShort: classHours.filter((c) => !c.met).map((c) => ({ name: c.name, short: c.short })),
    materials: items.materials.materials,
  });
  return { items, teachers, hours: classHours, grades, gradesWithLessons: withLessons, missing };
}
