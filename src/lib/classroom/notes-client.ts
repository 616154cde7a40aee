import { keyAction, openChannel, type ClassroomMessage, type NotesCommand } from './channel';
import { clock, remaining, type TimerState } from './timer';

/**
 * The notes window in the browser: shows the notes of the slide the projector shows and its
 * timer, and sends the teacher's page turns and timer clicks back. Without a projector window it
 * pages through the notes on its own.
 */
export function startNotes(root: HTMLElement): void {
  const notes = [...root.querySelectorAll<HTMLElement>('[data-note]')];
  const q = <T extends HTMLElement>(sel: string): T | null => root.querySelector<T>(sel);
  const position = q('[data-position]');
  const waiting = q('[data-waiting]');
  const timerButton = q<HTMLButtonElement>('[data-timer]');
  const timerText = q('[data-timer-text]');
  const resetButton = q<HTMLButtonElement>('[data-timer-reset]');
  const channel = openChannel(root.dataset['lesson'] ?? '');
  let index = 0;
  let timer: TimerState | null = null;
  let connected = false;

  function show(i: number): void {
    index = Math.max(0, Math.min(notes.length - 1, i));
    notes.forEach((note, j) => {
      note.hidden = j !== index;
    });
    if (position) position.textContent = `${index + 1} / ${notes.length}`;
  }

  function paintTimer(): void {
    if (!timerButton || !timerText || !resetButton) return;
    timerButton.hidden = resetButton.hidden = timer === null;
    if (!timer) return;
    const left = remaining(timer, Date.now());
    timerText.textContent = clock(left);
    timerButton.classList.toggle('up', left <= 0);
    timerButton.classList.toggle('paused', timer.runningSince === null);
    timerButton.setAttribute('aria-pressed', String(timer.runningSince !== null));
  }

  function send(command: NotesCommand): void {
    channel?.postMessage(command);
  }

  function move(step: 1 | -1): void {
    if (connected) send({ type: step === 1 ? 'next' : 'prev' });
    else show(index + step);
  }

  channel?.addEventListener('message', (event: MessageEvent<ClassroomMessage>) => {
    const m = event.data;
    if (m.type !== 'state') return;
    connected = true;
    if (waiting) waiting.hidden = true;
    timer = m.timer;
    show(m.index);
    paintTimer();
  });
  root.addEventListener('click', (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset['action'];
    if (action === 'next') move(1);
    else if (action === 'prev') move(-1);
    else if (action === 'timer') send({ type: 'timer', action: 'toggle' });
    else if (action === 'reset') send({ type: 'timer', action: 'reset' });
  });
  document.addEventListener('keydown', (event) => {
    const action = keyAction(event);
    if (action === 'next' || action === 'prev') {
      event.preventDefault();
      move(action === 'next' ? 1 : -1);
    } else if (action === 'timer') send({ type: 'timer', action: 'toggle' });
  });
  window.setInterval(paintTimer, 500);
  show(0);
  send({ type: 'hello' });
  root.dataset['ready'] = 'true';
  if ('serviceWorker' in navigator && navigator.serviceWorker.controller === null) {
    // Opened before the projector page registered the worker: register it from here as well.
    const lesson = root.dataset['lesson'];
    if (lesson) navigator.serviceWorker.register(`/lessons/${lesson}/classroom/sw.js`, { scope: `/lessons/${lesson}/classroom/` }).catch(() => undefined);
  }
}
