import type { Db } from '~/lib/server/db/client';
import { rates } from '~/lib/domain/dashboard';
import { platformChecks, type PlatformCheck } from '~/lib/domain/demonstration-platform';
import type { ItemStatus } from '~/lib/domain/demonstration';
import { dashboardSchools } from './db/dashboard';
import { loadSchoolBoard } from './school-board';

/**
 * The platform's own figures beside a demonstration file's claims: the school's ledger, teachers
 * and assigned lessons for the file's school year, and for the office the school's mastery and
 * contest rates (suppressed below 5 pupils, as everywhere).
 */
export async function loadPlatformChecks(
  db: Db,
  file: { schoolId: string; schoolYear: number; items: readonly { itemId: string; status: ItemStatus | null }[] },
  options: { withRates: boolean },
): Promise<Record<string, PlatformCheck>> {
  const [board, schools] = await Promise.all([
    loadSchoolBoard(db, file.schoolId, file.schoolYear),
    options.withRates ? dashboardSchools(db, file.schoolYear) : Promise.resolve([]),
  ]);
  const school = schools.find((s) => s.schoolId === file.schoolId);
  return platformChecks(
    {
      hours: board.hours,
      teachers: board.teachers.map((x) => ({ teaches: x.teaches, trained: x.trainedOn !== null })),
      grades: board.grades,
      gradesWithLessons: board.gradesWithLessons,
      rates: school ? rates(school) : undefined,
    },
    Object.fromEntries(file.items.map((i) => [i.itemId, i.status])),
  );
}
