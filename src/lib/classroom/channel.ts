import type { TimerState } from './timer';

/**
 * What the presenter view and its notes window say to each other over a BroadcastChannel (same
 * browser, same origin, no server). The projector owns the state; the notes window asks for it and
 * sends the teacher's clicks back.
 */

/** The projector's state: the slide shown and the timer of its step, if it has one. */
export interface DeckState {
  type: 'state';
  index: number;
  total: number;
  timer: TimerState | null;
  /** The timer's label: the step's minutes (“5分钟”). */
  timerLabel: string;
}

export type NotesCommand = { type: 'hello' } | { type: 'go'; index: number } | { type: 'next' } | { type: 'prev' } | { type: 'timer'; action: 'toggle' | 'reset' };

export type ClassroomMessage = DeckState | NotesCommand;

/** The channel of one lesson: `qingyuan-classroom:<band>/<slug>`. */
export function openChannel(lessonId: string): BroadcastChannel | null {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(`qingyuan-classroom:${lessonId}`) : null;
}

/** Navigation keys: presentation clickers send PageUp/PageDown (some also B or . to blank the screen). */
export function keyAction(event: KeyboardEvent): 'next' | 'prev' | 'first' | 'last' | 'blank' | 'fullscreen' | 'timer' | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const target = event.target as HTMLElement | null;
  if (target?.closest('input, textarea, select, [contenteditable]')) return null;
  switch (event.key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'PageDown':
    case 'Enter':
      return target?.closest('a, button, summary') && event.key === 'Enter' ? null : 'next';
    case ' ':
      // On a focused button, link or disclosure, Space is that control's own key (it presses it).
      if (target?.closest('a, button, summary')) return null;
      return event.shiftKey ? 'prev' : 'next';
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
    case 'Backspace':
      return 'prev';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'b':
    case 'B':
    case '.':
      return 'blank';
    case 'f':
    case 'F':
      return 'fullscreen';
    case 't':
    case 'T':
      return 'timer';
    default:
      return null;
  }
}
