import { createHash } from 'node:crypto';
import { Constants, type Enums } from '~/lib/database.types';

/** Kinds of volunteer event. */
export const eventKinds = Constants.public.Enums.event_kind;
export type EventKind = Enums<'event_kind'>;

/** Volunteer categories: 老党员、老教师、老医生、老专家、大学生、其他. */
export const volunteerCategories = ['party_veteran', 'retired_teacher', 'retired_doctor', 'expert', 'student', 'other'] as const;
export type VolunteerCategory = (typeof volunteerCategories)[number];
export type Eligibility = 'all' | VolunteerCategory;

export const signupStatuses = ['confirmed', 'waitlisted', 'cancelled', 'attended', 'absent'] as const;
export type SignupStatus = (typeof signupStatuses)[number];
export type EventStatus = 'open' | 'cancelled' | 'closed';

/** Seconds a check-in code lives. */
export const codeStepSeconds = 60;
/** Check-in opens this long before the start. */
export const checkinLeadMinutes = 30;

/** Whether a sign-up may still be cancelled by the volunteer: a confirmed place until the cut-off, a waitlist place until the start. */
export function canCancel(status: SignupStatus, event: { startsAt: Date; cancelCutoff: Date }, now: Date): boolean {
  if (now >= event.startsAt) return false;
  if (status === 'waitlisted') return true;
  return status === 'confirmed' && now < event.cancelCutoff;
}

/** Whether a volunteer may sign up now (the database decides again under lock). */
export function signupRefusal(event: { status: EventStatus; startsAt: Date }, now: Date): string | null {
  if (event.status === 'cancelled') return '这个活动已取消，不能报名';
  if (event.status === 'closed') return '这个活动已停止报名';
  if (now >= event.startsAt) return '活动已经开始或结束，不能再报名';
  return null;
}

/** Where an event stands for a visitor: the one rule behind every status badge. */
export type EventPhase = 'cancelled' | 'past' | 'running' | 'closed' | 'open';

/**
 * An event's phase at `now`: over once it has ended (also after its hours were confirmed,
 * which closes it in the database), under way once it started (sign-up is over then, as
 * `signupRefusal` says), otherwise closed or open for sign-up as the organizer set it.
 */
export function eventPhase(event: { status: EventStatus; startsAt: Date; endsAt: Date }, now: Date): EventPhase {
  if (event.status === 'cancelled') return 'cancelled';
  if (now >= event.endsAt) return 'past';
  if (now >= event.startsAt) return 'running';
  return event.status;
}

/** Default confirmed hours: the event's length, to two decimals (as private.default_hours does). */
export function defaultHours(startsAt: Date, endsAt: Date): number {
  return Math.round(((endsAt.getTime() - startsAt.getTime()) / 3_600_000) * 100) / 100;
}

/** Whether check-in is open: from 30 minutes before the start to the end. */
export function inCheckinWindow(event: { startsAt: Date; endsAt: Date }, now: Date): boolean {
  return now.getTime() >= event.startsAt.getTime() - checkinLeadMinutes * 60_000 && now <= event.endsAt;
}

/** The 60-second step of a moment, as the code rotates. */
export function timeStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / codeStepSeconds);
}

/**
 * The 6-digit check-in code of a step: the first 4 bytes of sha256(`secret:step`) modulo 10^6,
 * zero-padded. private.checkin_code in the events migration computes the same.
 * @example checkinCode('abc', 12345) // '153337'
 */
export function checkinCode(secret: string, step: number): string {
  const digest = createHash('sha256').update(`${secret}:${step}`).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** When the step of `at` ends, so a display knows when to refresh. */
export function stepEndsAt(at: Date): Date {
  return new Date((timeStep(at) + 1) * codeStepSeconds * 1000);
}
