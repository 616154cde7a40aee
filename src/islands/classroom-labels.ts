import type { MessageKey } from '~/i18n';

/** The strings the projector island shows, picked on the server so the island ships only these. */
export const projectorKeys = [
  'classroom.joinAt',
  'classroom.code',
  'classroom.joined',
  'classroom.bank',
  'classroom.ask',
  'classroom.asked',
  'classroom.answered',
  'classroom.stop',
  'classroom.reveal',
  'classroom.hands',
  'classroom.handsSave',
  'classroom.handsSaved',
  'classroom.handsFor',
  'classroom.key',
  'classroom.explanation',
  'classroom.end',
  'classroom.endConfirm',
  'classroom.endNoRecord',
  'classroom.endNoRecordConfirm',
  'classroom.ended',
  'classroom.endedNoRecord',
  'classroom.toLedger',
  'classroom.noQuestion',
  'classroom.questionN',
  'classroom.open',
  'classroom.closed',
  'classroom.multiple',
  'classroom.handsCounted',
  'classroom.phonesCounted',
  'classroom.people',
  'classroom.offline',
] as const satisfies readonly MessageKey[];
export type ProjectorLabels = Record<(typeof projectorKeys)[number], string>;

/** The strings the live class's join slide shows. */
export const joinKeys = [
  'classroom.joinAt',
  'classroom.code',
  'classroom.joined',
  'classroom.ended',
  'classroom.offline',
  'classroom.liveNoPhones',
] as const satisfies readonly MessageKey[];
export type JoinLabels = Record<(typeof joinKeys)[number], string>;

/** The strings the pupil's phone shows. */
export const phoneKeys = [
  'classroom.wait',
  'classroom.submit',
  'classroom.submitted',
  'classroom.right',
  'classroom.wrong',
  'classroom.key',
  'classroom.explanation',
  'classroom.yourAnswer',
  'classroom.missed',
  'classroom.over',
  'classroom.toLesson',
  'classroom.questionN',
  'classroom.closed',
  'classroom.multiple',
  'classroom.offline',
  'classroom.choose',
] as const satisfies readonly MessageKey[];
export type PhoneLabels = Record<(typeof phoneKeys)[number], string>;
