import { getEntry } from 'astro:content';
import { type Db, jsonAs } from '~/lib/server/db/client';
import { drawQuestions } from '~/lib/domain/draw';
import type { Response } from '~/lib/domain/grading';
import { sha256Hex } from '~/lib/server/auth/tokens';
import type { PublicQuestion, RevealedResult } from '~/lib/domain/quiz';
import type { Course } from './courses';

/**
 * The worker's side of a unit course: no account, only the service role on their behalf (like
 * sign-in), so the address that the limits count is the server's reading, never the client's.
 * Every rule (limits, one completion a year, grading) is decided by the functions of
 * supabase/migrations/20261204140100_unit_completions.sql; this module calls them and maps refusals.
 */

/** A refusal the worker can act on: its Chinese message and the HTTP status it is answered with. */
export class CheckRefused extends Error {
  constructor(
    readonly status: 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS',
    message: string,
  ) {
    super(message);
  }
}

const statusOf: Record<string, CheckRefused['status']> = { QYBAD: 'BAD_REQUEST', QYNOF: 'NOT_FOUND', QYDUP: 'CONFLICT', QYLAT: 'CONFLICT', QYRAT: 'TOO_MANY_REQUESTS' };

function refusal(error: { code?: string; message: string }, what: string): Error {
  const status = error.code ? statusOf[error.code] : undefined;
  return status ? new CheckRefused(status, error.message) : new Error(`${what}: ${error.message}`);
}

/** The message for a code that names no unit (never saying whether it once did). */
export const unknownCodeMessage = '这个二维码无效或已经更换，请扫描单位最新张贴的二维码';

/** The hash the limits count an address under: no addresses are kept. */
export function addressKey(address: string): string {
  return sha256Hex(`unit-check-ip:${address}`);
}

/** The unit behind a QR code. */
export interface UnitByCode {
  unitId: string;
  name: string;
  kind: string;
  district: string;
}

/** The unit a code names, or null (the miss counts against the address); throws CheckRefused past the address limit. */
export async function unitByCode(db: Db, code: string, address: string): Promise<UnitByCode | null> {
  if (!/^[A-Za-z0-9]{1,16}$/.test(code)) {
    // Not a code at all: counted like a wrong one, so garbage is no cheaper than guessing.
    const { error } = await db.rpc('unit_by_code', { p_code: '', p_ip_key: addressKey(address) });
    if (error) throw refusal(error, '读取单位失败');
    return null;
  }
  const { data, error } = await db.rpc('unit_by_code', { p_code: code, p_ip_key: addressKey(address) });
  if (error) throw refusal(error, '读取单位失败');
  return (data as UnitByCode | null) ?? null;
}

/** Draws the course's check from its bank and starts it; returns the attempt id. */
export async function startCheck(db: Db, input: { code: string; course: Course; workerName: string; phoneLast4: string; address: string; seed: number }): Promise<string> {
  const bank = await getEntry('quizzes', input.course.quizId);
  if (bank?.data.kind !== 'self-check') throw new CheckRefused('NOT_FOUND', '找不到这门课程的考核题');
  const ids = drawQuestions(bank.data.questions, input.course.checkCount, input.seed).map((q) => q.id);
  const { data, error } = await db.rpc('start_unit_check', {
    p_code: input.code,
    p_course_id: input.course.id,
    p_quiz_id: input.course.quizId,
    p_worker_name: input.workerName,
    p_phone_last4: input.phoneLast4,
    p_question_ids: ids,
    p_ip_key: addressKey(input.address),
  });
  if (error) throw refusal(error, '开始考核失败');
  const result = data as { attemptId?: string; refused?: string };
  if (result.refused === 'code' || !result.attemptId) throw new CheckRefused('NOT_FOUND', unknownCodeMessage);
  return result.attemptId;
}

/** A started check as its page shows it: questions without keys. */
export interface CheckSheet {
  attemptId: string;
  courseId: string;
  unitName: string;
  unitCode: string;
  workerName: string;
  deadlineAt: string;
  submitted: boolean;
  passPercent: number;
  questions: PublicQuestion[];
}

export async function checkSheet(db: Db, attemptId: string): Promise<CheckSheet | null> {
  const { data, error } = await db.rpc('unit_check_sheet', { p_attempt_id: attemptId });
  if (error) throw refusal(error, '读取考核失败');
  return (data as CheckSheet | null) ?? null;
}

/** The graded check, with keys and explanations now that it is submitted. */
export interface CheckResult {
  score: number;
  total: number;
  passed: boolean;
  passPercent: number;
  slipCode: string | null;
  results: RevealedResult[];
}

export async function submitCheck(db: Db, attemptId: string, answers: Readonly<Record<string, Response>>): Promise<CheckResult> {
  const { data, error } = await db.rpc('submit_unit_check', { p_attempt_id: attemptId, p_responses: answers });
  if (error) throw refusal(error, '提交考核失败');
  return jsonAs(data);
}

/** A completion slip. */
export interface Slip {
  unitName: string;
  district: string;
  courseId: string;
  year: number;
  workerName: string;
  phoneLast4: string;
  score: number;
  total: number;
  completedAt: string;
  slipCode: string;
}

export async function completionSlip(db: Db, slipCode: string): Promise<Slip | null> {
  if (!/^[A-Za-z0-9]{10}$/.test(slipCode)) return null;
  const { data, error } = await db.rpc('unit_completion_slip', { p_slip_code: slipCode });
  if (error) throw refusal(error, '读取结业单失败');
  return (data as Slip | null) ?? null;
}
