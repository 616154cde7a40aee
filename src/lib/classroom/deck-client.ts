import { keyAction, openChannel, type ClassroomMessage, type DeckState } from './channel';
import { clock, newTimer, remaining, reset, toggle, type TimerState } from './timer';

/**
 * The presenter view in the browser: shows one slide at a time, moves on arrow keys, space,
 * PageUp/PageDown (clickers) and swipes, runs the timer of each timed step, shrinks the type of a
 * slide that would overflow, keeps the notes window in step over a BroadcastChannel and registers
 * the service worker that keeps the view working offline. No framework: the slides are server
 * rendered, this only switches classes.
 *
 * The deck element fires `classroom:slide` (detail `{ index, slide }`) on every change, so a page
 * that adds its own slides (the live class's quiz) can follow along.
 */

/** Smallest type a slide may shrink to: a share of the base size (about 29 px at 1080p), and never under 14 px. */
const minFit = 0.72;
const minPx = 14;
/** Largest type a slide with little text grows to, as a share of the base size. */
const maxFit = 1.3;

export interface DeckHandle {
  show(index: number): void;
  readonly index: number;
}

export function startDeck(root: HTMLElement): DeckHandle {
  const slides = [...root.querySelectorAll<HTMLElement>('.slide')];
  const q = <T extends HTMLElement>(sel: string): T | null => root.querySelector<T>(sel);
  const position = q('[data-position]');
  const progress = q('[data-progress]');
  const live = q('[data-live]');
  const timerButton = q<HTMLButtonElement>('[data-timer]');
  const timerText = q('[data-timer-text]');
  const timers = new Map<string, TimerState>();
  const fitted = new WeakMap<HTMLElement, string>();
  const channel = openChannel(root.dataset['lesson'] ?? '');
  let index = -1;

  const timerKey = (slide: HTMLElement): string | null => {
    const step = slide.dataset['stepMinutes'];
    if (step) return `${slide.dataset['section']}#${slide.dataset['step']}`;
    return slide.dataset['minutes'] ? (slide.dataset['section'] ?? null) : null;
  };
  const timerMinutes = (slide: HTMLElement): number => Number(slide.dataset['stepMinutes'] || slide.dataset['minutes'] || 0);
  const current = (): HTMLElement | undefined => slides[index];
  /**
   * The lesson's own slides, as the notes window numbers them: a page's added slides (`data-extra`,
   * the live class's join and quiz slides) are left out, and stand for the lesson slide next to them.
   */
  const own = slides.filter((s) => s.dataset['extra'] === undefined);
  const firstOwn = own[0] ? slides.indexOf(own[0]) : 0;
  const ownIndex = (i: number): number => {
    const k = own.indexOf(slides[i] as HTMLElement);
    return k >= 0 ? k : i < firstOwn ? 0 : own.length - 1;
  };

  function state(): DeckState {
    const slide = current();
    const key = slide ? timerKey(slide) : null;
    const timer = key ? (timers.get(key) ?? null) : null;
    return { type: 'state', index: ownIndex(index), total: own.length, timer, timerLabel: slide ? `${timerMinutes(slide)}` : '' };
  }

  function paintTimer(): void {
    const { timer } = state();
    if (!timerButton || !timerText) return;
    timerButton.hidden = timer === null;
    if (!timer) return;
    const left = remaining(timer, Date.now());
    timerText.textContent = clock(left);
    timerButton.classList.toggle('up', left <= 0);
    timerButton.classList.toggle('paused', timer.runningSince === null);
    timerButton.setAttribute('aria-pressed', String(timer.runningSince !== null));
  }

  const viewport = (): string => `${innerWidth}x${innerHeight}`;

  /**
   * Sizes the slide's type to its content, once per viewport size: as large as fits, up to 1.3
   * times the base size for a slide with little text, down to the floor for one with much. Each
   * try is a layout of this slide alone (slides are `contain: strict`); a slide that is not shown
   * is rendered for it (class `fitting`, still invisible) and keeps that layout for when it is.
   */
  function fit(slide: HTMLElement): void {
    const size = viewport();
    if (fitted.get(slide) === size) return;
    // A slide the page fills itself (the live class's quiz) scrolls instead.
    if (slide.dataset['nofit'] !== undefined) {
      fitted.set(slide, size);
      return;
    }
    slide.classList.add('fitting');
    const box = slide.querySelector<HTMLElement>('.content') ?? slide;
    const overflows = (): boolean => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
    const set = (scale: number): void => slide.style.setProperty('--fit', scale.toFixed(3));
    set(1);
    let low = overflows() ? Math.min(1, Math.max(minFit, minPx / parseFloat(getComputedStyle(slide).fontSize))) : 1;
    let high = low === 1 ? maxFit : 1;
    set(high);
    if (overflows()) {
      for (let i = 0; i < 5; i++) {
        const mid = (low + high) / 2;
        set(mid);
        if (overflows()) high = mid;
        else low = mid;
      }
      set(low);
    }
    slide.classList.toggle('overflowing', overflows());
    slide.classList.remove('fitting');
    fitted.set(slide, size);
  }

  /**
   * Fits the slides while the browser is idle, the ones next to the shown slide first, so a key
   * press only switches two classes. Safe to call again: a slide already fitted is skipped.
   */
  let prefitting = false;
  function prefit(): void {
    if (prefitting) return;
    prefitting = true;
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 16));
    const step = (): void => {
      const size = viewport();
      const near = [index + 1, index - 1, index + 2].map((i) => slides[i]).filter((s): s is HTMLElement => s !== undefined);
      const slide = [...near, ...slides].find((s) => fitted.get(s) !== size);
      if (!slide) {
        prefitting = false;
        return;
      }
      fit(slide);
      idle(step);
    };
    idle(step);
  }

  /** Runs after the next frame is painted: work the audience does not see waits for it. */
  const afterPaint = (work: () => void): void => {
    requestAnimationFrame(() => window.setTimeout(work, 0));
  };

  /**
   * Shows a slide. On the key press's path only what the page shows changes: the two slides'
   * classes (hidden slides are `content-visibility: hidden`, so neither is restyled beyond its
   * own box), the position, the announcement and the timer. The address (a same-document
   * navigation, several milliseconds), the notes window and fitting the next slides follow once
   * the frame is painted.
   */
  function show(next: number): void {
    const target = Math.max(0, Math.min(slides.length - 1, next));
    if (target === index) return;
    const before = current();
    index = target;
    const slide = current() as HTMLElement;
    // Only when keys come faster than the idle fitting (or the window was resized just now).
    fit(slide);
    before?.classList.remove('current');
    slide.classList.add('current');
    const key = timerKey(slide);
    if (key && !timers.has(key)) timers.set(key, toggle(newTimer(timerMinutes(slide)), Date.now()));
    if (position) position.textContent = `${index + 1} / ${slides.length}`;
    progress?.style.setProperty('--done', String((index + 1) / slides.length));
    if (live) live.textContent = `${index + 1} / ${slides.length}：${slide.dataset['heading'] ?? ''}`;
    paintTimer();
    root.dispatchEvent(new CustomEvent('classroom:slide', { detail: { index, slide } }));
    const shown = index;
    // Nothing here changes what is drawn, so it costs no second frame.
    afterPaint(() => {
      if (shown !== index) return;
      history.replaceState(null, '', `#${index + 1}`);
      channel?.postMessage(state());
      prefit();
    });
  }

  function changeTimer(action: 'toggle' | 'reset'): void {
    const slide = current();
    const key = slide ? timerKey(slide) : null;
    const timer = key ? timers.get(key) : undefined;
    if (!key || !timer) return;
    timers.set(key, action === 'toggle' ? toggle(timer, Date.now()) : reset(timer));
    paintTimer();
    channel?.postMessage(state());
  }

  function act(action: ReturnType<typeof keyAction>): boolean {
    if (action === 'next') show(index + 1);
    else if (action === 'prev') show(index - 1);
    else if (action === 'first') show(0);
    else if (action === 'last') show(slides.length - 1);
    else if (action === 'blank') root.classList.toggle('blank');
    else if (action === 'fullscreen') void (document.fullscreenElement ? document.exitFullscreen() : root.requestFullscreen?.().catch(() => undefined));
    else if (action === 'timer') changeTimer('toggle');
    else return false;
    return true;
  }

  document.addEventListener('keydown', (event) => {
    if (act(keyAction(event))) event.preventDefault();
  });
  root.addEventListener('click', (event) => {
    const go = (event.target as HTMLElement).closest<HTMLElement>('[data-go]');
    if (go) {
      // A button that jumps to a slide by its id (the live class's 小测 and 加入 buttons).
      const to = slides.findIndex((s) => s.id === go.dataset['go']);
      if (to >= 0) show(to);
      return;
    }
    const button = (event.target as HTMLElement).closest<HTMLElement>('[data-action]');
    if (!button) return;
    const action = button.dataset['action'];
    if (action === 'notes') window.open(root.dataset['notes'], `qingyuan-notes-${root.dataset['lesson']}`, 'popup,width=960,height=720');
    else if (action === 'timer') changeTimer('toggle');
    else act(action as ReturnType<typeof keyAction>);
  });
  let touch: { x: number; y: number } | null = null;
  const stage = q('.slides') ?? root;
  stage.addEventListener(
    'touchstart',
    (e) => {
      const t = e.changedTouches[0];
      touch = t ? { x: t.clientX, y: t.clientY } : null;
    },
    { passive: true },
  );
  stage.addEventListener(
    'touchend',
    (e) => {
      const t = e.changedTouches[0];
      if (!touch || !t) return;
      const dx = t.clientX - touch.x;
      const dy = t.clientY - touch.y;
      touch = null;
      if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy) * 1.5) show(index + (dx < 0 ? 1 : -1));
    },
    { passive: true },
  );
  addEventListener('resize', () => {
    const slide = current();
    if (slide) fit(slide);
    prefit();
  });
  channel?.addEventListener('message', (event: MessageEvent<ClassroomMessage>) => {
    const m = event.data;
    if (m.type === 'hello') channel.postMessage(state());
    else if (m.type === 'go') show(own[m.index] ? slides.indexOf(own[m.index] as HTMLElement) : m.index);
    else if (m.type === 'next') show(index + 1);
    else if (m.type === 'prev') show(index - 1);
    else if (m.type === 'timer') changeTimer(m.action);
  });
  window.setInterval(paintTimer, 500);

  for (const s of slides) s.classList.remove('current');
  show(Math.max(0, Number(/^#(\d+)$/.exec(location.hash)?.[1] ?? 1) - 1));
  root.dataset['ready'] = 'true';
  // The worker fetches both pages and their files: it waits until the first slide is up and the
  // browser is idle, so the first key presses do not queue behind it.
  afterPaint(() => (window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 200)))(() => registerOffline(root), { timeout: 2000 }));
  return {
    show,
    get index() {
      return index;
    },
  };
}

/** Registers the lesson's service worker (scope: this lesson's classroom pages) and says when it is ready. */
function registerOffline(root: HTMLElement): void {
  const script = root.dataset['sw'];
  const scope = root.dataset['scope'];
  const status = root.querySelector<HTMLElement>('[data-offline]');
  if (!script || !scope || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register(script, { scope })
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      if (status) status.hidden = false;
      root.dataset['offline'] = 'ready';
    })
    .catch(() => undefined);
}
