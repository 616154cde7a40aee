/**
 * A countdown for a timed step of a lesson, as plain data so the projector can send it to the
 * notes window and both show the same time from their own clocks.
 */
export interface TimerState {
  /** The step's length. */
  durationMs: number;
  /** Time counted before the current run. */
  elapsedMs: number;
  /** When the current run started (`Date.now()`), or null while paused. */
  runningSince: number | null;
}

/** A new, stopped timer of `minutes`. */
export function newTimer(minutes: number): TimerState {
  return { durationMs: minutes * 60_000, elapsedMs: 0, runningSince: null };
}

/** Time counted so far. */
export function elapsed(timer: TimerState, now: number): number {
  return timer.elapsedMs + (timer.runningSince === null ? 0 : Math.max(0, now - timer.runningSince));
}

/** Time left; negative once the time is up. */
export function remaining(timer: TimerState, now: number): number {
  return timer.durationMs - elapsed(timer, now);
}

/** Starts a paused timer or pauses a running one. */
export function toggle(timer: TimerState, now: number): TimerState {
  return timer.runningSince === null ? { ...timer, runningSince: now } : { ...timer, elapsedMs: elapsed(timer, now), runningSince: null };
}

/** Back to the full time, stopped. */
export function reset(timer: TimerState): TimerState {
  return { ...timer, elapsedMs: 0, runningSince: null };
}

/**
 * Minutes and seconds left, `mm:ss`, with a minus sign once the time is up.
 * @example clock(65_000) // '01:05'
 * @example clock(-5_000) // '-00:05'
 */
export function clock(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const seconds = Math.ceil(Math.abs(ms) / 1000 - 1e-9);
  const mm = String(Math.floor(seconds / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${sign}${mm}:${ss}`;
}
