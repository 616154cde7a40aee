import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { parseRosterText, validateRoster } from '~/lib/domain/roster';
import { sessionForms } from '~/lib/domain/ledger';
import { firstPassword, hashFirstPassword } from '~/lib/server/auth/password';
import { refusing, requireRole } from '~/lib/server/http/action-guards';
import { readRosterFile, RosterFileError } from '~/lib/server/roster-file';
import {
  archiveClass,
  assignLessons,
  createClass,
  firstPasswordHolders,
  importRoster,
  moveStudent,
  resetStudentPasswords,
  roster,
  withdrawAssignment,
} from '~/lib/server/db/teaching';
import { correctSession, recordSession } from '~/lib/server/db/ledger';

/** The largest roster one import takes: a whole grade of a big school. */
export const maxRosterRows = 5000;

const uuid = z.uuid({ error: '编号格式不对' });
const lessonId = z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/, { error: '课程编号格式不对' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式不对' });

/** Today in Beijing as YYYY-MM-DD. */
const cityToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function staff(context: ActionAPIContext): string {
  return requireRole(context, ['teacher', 'school_admin'], '只有教师和学校管理员可以这样做').id;
}

/** Runs a database step, turning its refusals (and a bad roster file) into ActionErrors with their Chinese message. */
const guarded = <T>(step: () => Promise<T>): Promise<T> => refusing(step, [[RosterFileError, 'BAD_REQUEST']]);

/** A login slip: shown once, right after the passwords were made; only their hashes are kept. */
export interface Slip {
  studentNumber: string;
  displayName: string;
  password: string;
}

async function withFirstPasswords<T extends { studentNumber: string; displayName: string }>(students: T[]): Promise<{ slips: Slip[]; hashed: (T & { passwordHash: string })[] }> {
  const passwords = students.map(() => firstPassword());
  const hashes = await Promise.all(passwords.map((p) => hashFirstPassword(p)));
  return {
    slips: students.map((s, i) => ({ studentNumber: s.studentNumber, displayName: s.displayName, password: passwords[i] ?? '' })),
    hashed: students.map((s, i) => ({ ...s, passwordHash: hashes[i] ?? '' })),
  };
}

export const newClass = defineAction({
  accept: 'form',
  input: z.object({
    schoolYear: z.coerce.number().int().min(2019, { error: '学年不对' }).max(2100, { error: '学年不对' }),
    grade: z.coerce.number().int().min(1, { error: '年级在 1-12 之间' }).max(12, { error: '年级在 1-12 之间' }),
    name: z.string().trim().min(1, { error: '请填写班级名称' }).max(30, { error: '班级名称最多 30 个字' }),
  }),
  handler: async (input, context) => {
    staff(context);
    return { classId: await guarded(async () => createClass(await context.locals.db(), input)) };
  },
});

/** Imports a roster pasted as text or uploaded as CSV/XLSX: every row checked, all or nothing. */
export const importClassRoster = defineAction({
  accept: 'form',
  input: z.object({
    classId: uuid,
    text: z.string().max(1_000_000, { error: '粘贴的内容太长' }).optional(),
    file: z.instanceof(File).optional(),
  }),
  handler: async ({ classId, text, file }, context) => {
    staff(context);
    const parsed = await guarded(async () => (file && file.size > 0 ? readRosterFile(file.name, new Uint8Array(await file.arrayBuffer())) : parseRosterText(text ?? '')));
    const checked = validateRoster(parsed.rows, { maxRows: maxRosterRows });
    if (!checked.ok) {
      return { imported: 0, errors: checked.errors, slips: [] as Slip[] };
    }
    const { slips, hashed } = await withFirstPasswords(checked.students.map((s) => ({ studentNumber: s.studentNumber, displayName: s.displayName })));
    const imported = await guarded(async () => importRoster(await context.locals.db(), classId, hashed));
    return { imported, errors: [] as { line: number; message: string }[], slips };
  },
});

/** A reset waiting for the teacher to confirm it: who, and how many. */
export interface PendingReset {
  studentIds: string[];
  names: string[];
}

/**
 * New first passwords for the students the teacher ticked. A chosen password is lost and the
 * pupil signed out, so the first post only asks: it returns the pupils named and counted, and
 * the reset happens when the confirmation comes back with that same count.
 */
export const resetPasswords = defineAction({
  accept: 'form',
  input: z.object({
    classId: uuid,
    studentIds: z.array(uuid, { error: '请先勾选学生' }).min(1, { error: '请先勾选要重置密码的学生' }).max(maxRosterRows),
    confirmed: z.coerce.number().int().optional(),
  }),
  handler: async ({ classId, studentIds, confirmed }, context) => {
    staff(context);
    const db = await context.locals.db();
    const wanted = new Set(studentIds);
    const students = (await roster(db, classId)).filter((s) => wanted.has(s.userId));
    if (students.length !== wanted.size) throw new ActionError({ code: 'BAD_REQUEST', message: '勾选的学生不在这个班级里，请刷新页面后再选' });
    if (confirmed !== students.length) {
      return { slips: [] as Slip[], pending: { studentIds: students.map((s) => s.userId), names: students.map((s) => s.displayName) } as PendingReset | null };
    }
    const { slips, hashed } = await withFirstPasswords(students);
    await guarded(() => resetStudentPasswords(db, { classId, students: hashed.map((s) => ({ studentId: s.userId, passwordHash: s.passwordHash })), firstOnly: false }));
    return { slips, pending: null };
  },
});

/**
 * Slips again for the pupils who never signed in: they still hold a first password nobody
 * chose, so a new one costs them nothing. Pupils who chose their own are never touched.
 */
export const reprintSlips = defineAction({
  accept: 'form',
  input: z.object({ classId: uuid }),
  handler: async ({ classId }, context) => {
    staff(context);
    const db = await context.locals.db();
    const holders = await guarded(() => firstPasswordHolders(db, classId));
    const students = (await roster(db, classId)).filter((s) => holders.has(s.userId));
    if (students.length === 0) throw new ActionError({ code: 'BAD_REQUEST', message: '这个班级的学生都已登录过，没有要重印的登录条' });
    const { slips, hashed } = await withFirstPasswords(students);
    const reset = new Set(
      await guarded(() => resetStudentPasswords(db, { classId, students: hashed.map((s) => ({ studentId: s.userId, passwordHash: s.passwordHash })), firstOnly: true })),
    );
    return { slips: slips.filter((_, i) => reset.has(students[i]?.userId ?? '')) };
  },
});

export const transferStudent = defineAction({
  accept: 'form',
  input: z.object({ studentId: uuid, toClassId: uuid }),
  handler: async ({ studentId, toClassId }, context) => {
    staff(context);
    await guarded(async () => moveStudent(await context.locals.db(), studentId, toClassId));
    return { moved: true };
  },
});

export const archive = defineAction({
  accept: 'form',
  input: z.object({ classId: uuid, confirm: z.literal('on', { error: '请勾选确认归档' }) }),
  handler: async ({ classId }, context) => {
    staff(context);
    await guarded(async () => archiveClass(await context.locals.db(), classId));
    return { archived: true };
  },
});

export const assign = defineAction({
  accept: 'form',
  input: z.object({
    classId: uuid,
    lessonIds: z.array(lessonId).min(1, { error: '请在“布置课程”里至少勾选一节课' }).max(50),
    // A due date already past would be accepted silently and every pupil shown as late (issue 18).
    dueOn: z.union([isoDate.refine((d) => d >= cityToday(), { error: '截止日期不能早于今天' }), z.literal('')]).optional(),
  }),
  handler: async ({ classId, lessonIds, dueOn }, context) => {
    const userId = staff(context);
    await guarded(async () => assignLessons(await context.locals.db(), { classId, lessonIds, dueOn: dueOn ? dueOn : null, userId }));
    return { assigned: lessonIds.length };
  },
});

export const withdraw = defineAction({
  accept: 'form',
  input: z.object({ classId: uuid, lessonId }),
  handler: async ({ classId, lessonId }, context) => {
    staff(context);
    await guarded(async () => withdrawAssignment(await context.locals.db(), classId, lessonId));
    return { withdrawn: true };
  },
});

const sessionFields = z.object({
  classId: uuid,
  heldOn: isoDate,
  lessonId: z.union([lessonId, z.literal('')]).optional(),
  topic: z.string().trim().max(60, { error: '主题最多 60 个字' }).optional(),
  hours: z.coerce.number({ error: '课时必须是数字' }).gt(0, { error: '课时必须大于 0' }).max(4, { error: '一次最多登记 4 课时' }).multipleOf(0.5, { error: '课时以 0.5 为单位' }),
  form: z.enum(sessionForms, { error: '请选择形式' }),
  teacherId: uuid,
  note: z.string().trim().max(200, { error: '备注最多 200 个字' }).optional(),
});
const lessonOrTopic = { error: '请选择课程或填写主题', path: ['topic'] };
const hasLessonOrTopic = (v: { lessonId?: string | undefined; topic?: string | undefined }): boolean => Boolean(v.lessonId) || Boolean(v.topic);
// Astro reads form fields by the object's shape, so each schema stays an object with a refinement on top.
const sessionInput = sessionFields.refine(hasLessonOrTopic, lessonOrTopic);

const toSession = (v: z.infer<typeof sessionFields>): Parameters<typeof recordSession>[1] => ({
  classId: v.classId,
  heldOn: v.heldOn,
  lessonId: v.lessonId ? v.lessonId : null,
  topic: v.topic ? v.topic : null,
  hours: v.hours,
  form: v.form,
  teacherId: v.teacherId,
  note: v.note ? v.note : null,
});

/** Records a delivered session in the class-hours ledger (late entries allowed, never future ones). */
export const logSession = defineAction({
  accept: 'form',
  input: sessionInput,
  handler: async (input, context) => {
    staff(context);
    await guarded(async () => recordSession(await context.locals.db(), toSession(input)));
    return { logged: true };
  },
});

export const fixSession = defineAction({
  accept: 'form',
  input: sessionFields.extend({ sessionId: uuid }).refine(hasLessonOrTopic, lessonOrTopic),
  handler: async (input, context) => {
    staff(context);
    await guarded(async () => correctSession(await context.locals.db(), input.sessionId, toSession(input)));
    return { fixed: true };
  },
});
