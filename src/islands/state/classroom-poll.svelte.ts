import type { ClassroomState } from '~/lib/domain/classroom';

/**
 * The classroom's state, kept fresh by polling the compact endpoint about once a second, so the
 * projector and the phones see a change within 2 s in every backend mode, no realtime server
 * needed. Polls never overlap; a failed poll is retried and reported, and polling stops once
 * the class has ended.
 */
export class ClassroomPoll {
  state = $state<ClassroomState>() as ClassroomState;
  problem = $state('');
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    readonly sessionId: string,
    initial: ClassroomState,
    readonly everyMs = 1000,
    readonly offline = '连接中断，正在重试…',
  ) {
    this.state = initial;
  }

  /** Fetches the state now; the answer of a slower earlier poll never overwrites a newer one. */
  #etag = '';

  async refresh(): Promise<void> {
    try {
      // The ETag of the last state: the server answers an empty 304 while nothing changed.
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.#etag) headers['if-none-match'] = this.#etag;
      const response = await fetch(`/api/classroom/${this.sessionId}/state.json`, { cache: 'no-store', headers });
      if (response.status === 304) {
        this.problem = '';
        return;
      }
      const body = (await response.json().catch(() => null)) as (ClassroomState & { message?: string }) | null;
      if (!response.ok || !body) {
        this.problem = body?.message || this.offline;
        return;
      }
      this.problem = '';
      this.state = body;
      this.#etag = response.headers.get('etag') ?? '';
    } catch {
      this.problem = this.offline;
    }
  }

  #users = 0;

  /** Starts polling; returns the function that stops it (for onMount). Islands sharing the poll start it each; it stops when the last one stops. */
  start(): () => void {
    this.#users += 1;
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      this.#users -= 1;
      if (this.#users > 0) return;
      this.#stopped = true;
      clearTimeout(this.#timer);
    };
    if (this.#users > 1) return stop;
    this.#stopped = false;
    const tick = async (): Promise<void> => {
      await this.refresh();
      if (!this.#stopped && this.state.open) this.#timer = setTimeout(() => void tick(), this.everyMs);
    };
    this.#timer = setTimeout(() => void tick(), this.everyMs);
    return stop;
  }
}

const shared = new Map<string, ClassroomPoll>();

/** One poll per session on a page, shared by its islands (the live class's join slide and quiz slide), so the page polls once a second, not once per island. */
export function sharedPoll(sessionId: string, initial: ClassroomState, everyMs: number, offline: string): ClassroomPoll {
  let poll = shared.get(sessionId);
  if (!poll) {
    poll = new ClassroomPoll(sessionId, initial, everyMs, offline);
    shared.set(sessionId, poll);
  }
  return poll;
}
