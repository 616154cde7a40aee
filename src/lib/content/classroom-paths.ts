import { t } from '../../i18n/index.ts';
import { lessonGradesLabel, termLabel } from './grade-labels.ts';
import type { LessonData } from './schemas.ts';

/**
 * The addresses of a lesson's classroom pages and the line that names its grades, shared by the
 * lesson page's links, the presenter view, its notes window, its service worker and the plan.
 * `id` is the lesson's `<band>/<slug>`.
 */
export const classroomHref = (id: string): string => `/lessons/${id}/classroom/`;
export const notesHref = (id: string): string => `/lessons/${id}/classroom/notes/`;
export const serviceWorkerHref = (id: string): string => `/lessons/${id}/classroom/sw.js`;
export const planHref = (id: string): string => `/lessons/${id}/plan/`;

/**
 * Where a signed-in teacher starts a live class on the lesson (built by the live-class feature).
 * @example sessionStartHref('primary-middle/saying-no') // '/me/classroom/start/?lesson=primary-middle%2Fsaying-no'
 */
export const sessionStartHref = (id: string): string => `/me/classroom/start/?lesson=${encodeURIComponent(id)}`;

/** 三年级上学期 · 1课时（40分钟） */
export function lessonMetaLine(data: LessonData): string {
  return `${lessonGradesLabel(data.band, data.grades)}${termLabel(data.term)} · ${t('classroom.hours', { hours: data.classHours, minutes: data.minutes })}`;
}
