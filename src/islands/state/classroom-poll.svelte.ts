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
  async refresh(): Promise<void> {
    try {
      const response = await fetch(`/api/classroom/${this.sessionId}/state.json`, { cache: 'no-store', headers: { accept: 'application/json' } });
      const body = (await response.json().catch(() => null)) as (ClassroomState & { message?: string }) | null;
      if (!response.ok || !body) {
        this.problem = body?.message || this.offline;
        return;
      }
      this.problem = '';
      this.state = body;
    } catch {
      this.problem = this.offline;
    }
  }

  /** Starts polling; returns the function that stops it (for onMount). */
  start(): () => void {
    this.#stopped = false;
    const tick = async (): Promise<void> => {
      await this.refresh();
      if (!this.#stopped && this.state.open) this.#timer = setTimeout(() => void tick(), this.everyMs);
    };
    this.#timer = setTimeout(() => void tick(), this.everyMs);
    return () => {
      this.#stopped = true;
      clearTimeout(this.#timer);
    };
  }
}
