import type { PGlite } from '@electric-sql/pglite';
import { beforeAll, describe, expect, test } from 'vitest';
import { schoolGradeOfClass } from '~/lib/domain/grades';
import type { ContentPayload } from '~/lib/server/content-sync';
import { asUser, demoDatabase } from './pglite-db';
import { id } from './rls-matrix-common';

let db: PGlite;
let content: ContentPayload;

/** The required lessons the content map gives a school grade. */
const requiredOf = (band: string, grade: number): string[] =>
  content.lessons
    .filter((l) => l.band === band && l.required && l.grades.includes(grade))
    .map((l) => l.id)
    .sort();

beforeAll(async () => {
  ({ db, content } = await demoDatabase());
});

describe('the grade map in the database', () => {
  test('curriculum_grade and schoolGradeOfClass agree for every stage and grade', async () => {
    const stages = ['primary', 'junior', 'senior', 'vocational', 'nine-year', 'complete'];
    const { rows } = await db.query<{ stage: string; grade: number; mapped: number }>(
      `select s as stage, g as grade, private.curriculum_grade(g, s) as mapped from unnest($1::text[]) s, generate_series(1, 12) g`,
      [stages],
    );
    expect(rows).toHaveLength(72);
    for (const r of rows) expect(r.mapped, `${r.stage} ${r.grade}`).toBe(schoolGradeOfClass(r.grade, r.stage).grade);
  });

  test('a class owes the required lessons of its own grade, as the content map says', async () => {
    const { rows } = await db.query<{ band: string; grade: number; lessons: string[] }>(
      `select band, grade, array_agg(lesson_id order by lesson_id) as lessons from private.required_lessons group by 1, 2 order by 1, 2`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const r of rows) expect(r.lessons, `${r.band} ${r.grade}`).toEqual(requiredOf(r.band, r.grade));
  });

  test("a grade-3 pupil's lessons count for grade 3 only: moved to grade 4, they owe grade 4's", async () => {
    const pupil = id(1003);
    for (const lesson of requiredOf('primary-middle', 3)) {
      await db.query(
        `insert into public.lesson_progress (student_id, lesson_id, attempts, best_percent, mastered_at) values ($1, $2, 1, 100, now())
        on conflict (student_id, lesson_id) do update set mastered_at = now()`,
        [pupil, lesson],
      );
    }
    const standing = async (): Promise<number> =>
      (await db.query<{ n: number }>('select required_mastered as n from private.student_standing where student_id = $1', [pupil])).rows[0]?.n ?? -1;
    expect(await standing()).toBe(requiredOf('primary-middle', 3).length);
    await db.query('update public.classes set grade = 4 where class_id = $1', [id(201)]);
    expect(await standing()).toBe(0);
    await db.query('update public.classes set grade = 3 where class_id = $1', [id(201)]);
    expect(await standing()).toBe(requiredOf('primary-middle', 3).length);
  });

  test("the certificate asks for the class grade's required lessons", async () => {
    const { rows } = await asUser(db, id(1001), () => db.query<{ band: string; required: number }>('select band, required from public.certificate_status()'));
    expect(rows).toEqual([{ band: 'primary-middle', required: requiredOf('primary-middle', 3).length }]);
  });
});
