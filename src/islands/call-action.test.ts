import { afterEach, describe, expect, test, vi } from 'vitest';
import { callAction, unflatten } from './call-action';

describe('unflatten', () => {
  test('returns the value devalue flattened', () => {
    // What Astro sent for { score: 1, passed: false, results: [{ id: 'a', correct: false }] }.
    expect(unflatten([{ score: 1, passed: 2, results: 3 }, 1, false, [4], { id: 5, correct: 2 }, 'a'])).toEqual({
      score: 1,
      passed: false,
      results: [{ id: 'a', correct: false }],
    });
  });

  test('returns null, undefined and the numbers JSON cannot hold for their markers', () => {
    expect(unflatten([{ a: 1, b: -1, c: -3, d: -4 }, null])).toEqual({ a: null, b: undefined, c: Number.NaN, d: Number.POSITIVE_INFINITY });
    expect(unflatten(-1)).toBeUndefined();
  });

  test('refuses tagged types it does not know', () => {
    expect(() => unflatten([{ at: 1 }, ['Date', '2026-01-01']])).toThrow(/unsupported/);
  });
});

describe('callAction', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  /** Answers every fetch with this response (the shapes Astro's action route sends), recording the request. */
  const answer = (response: () => Response | Promise<Response>) => {
    const sent: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return response();
    });
    return sent;
  };

  test('posts the input as JSON to the action and returns its data', async () => {
    const sent = answer(() => new Response('[{"attemptId":1,"questions":2},"a1",[]]', { headers: { 'content-type': 'application/json+devalue' } }));
    expect(await callAction('quiz.start', { quizId: 'saying-no' })).toEqual({ data: { attemptId: 'a1', questions: [] } });
    expect(sent[0]?.url).toBe('/_actions/quiz.start');
    expect(sent[0]?.init.method).toBe('POST');
    expect(sent[0]?.init.body).toBe('{"quizId":"saying-no"}');
  });

  test('an action that returns nothing gives undefined data', async () => {
    answer(() => new Response(null, { status: 204 }));
    expect(await callAction('classroom.ask', { sessionId: '00000000-0000-4000-8000-000000000001', questionId: 'q1' })).toEqual({ data: undefined });
  });

  test("a refusal carries the server's Chinese message; a refused input its first issue", async () => {
    answer(() => Response.json({ type: 'AstroActionError', code: 'CONFLICT', status: 409, message: '这次答题已经提交过了' }, { status: 409 }));
    expect(await callAction('quiz.submit', { attemptId: '00000000-0000-4000-8000-000000000001', answers: {} })).toEqual({
      error: { message: '这次答题已经提交过了', status: 409 },
    });
    answer(() => Response.json({ type: 'AstroActionError', code: 'BAD_REQUEST', status: 400, issues: [{ message: '测验编号格式不对' }] }, { status: 400 }));
    expect(await callAction('quiz.start', { quizId: 'X' })).toEqual({ error: { message: '测验编号格式不对', status: 400 } });
  });

  test('an answer that is not JSON, and no network, still give a message', async () => {
    answer(() => new Response('Bad Gateway', { status: 502 }));
    expect(await callAction('quiz.status', { quizId: 'saying-no' })).toEqual({ error: { message: '出错了，请稍后再试', status: 502 } });
    answer(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await callAction('quiz.status', { quizId: 'saying-no' })).toEqual({ error: { message: '网络连接失败，请检查网络后再试', status: 0 } });
  });
});
