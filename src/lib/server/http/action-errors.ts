/** Chinese messages for the errors Astro's action runtime raises itself, by code. */
const messages: Record<string, string> = {
  UNSUPPORTED_MEDIA_TYPE: '这个接口只接受表单提交（或 JSON），请检查提交格式',
  BAD_REQUEST: '提交的内容有误',
  NOT_FOUND: '没有这个操作',
  METHOD_NOT_ALLOWED: '请用 POST 提交',
  PAYLOAD_TOO_LARGE: '提交的内容太大',
  INTERNAL_SERVER_ERROR: '服务器出错了，请稍后再试',
};

const han = /\p{Script=Han}/u;

/**
 * Gives an action's error response a Chinese message when Astro produced it in English (or
 * empty), so non-browser clients too get a message a user can read. Other responses pass.
 */
export async function localiseActionError(response: Response): Promise<Response> {
  if (response.status < 400 || !(response.headers.get('content-type') ?? '').includes('json')) return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { code?: string; message?: string } | null;
  if (!body || typeof body !== 'object' || (body.message && han.test(body.message))) return response;
  const message = messages[body.code ?? ''] ?? (response.status >= 500 ? messages['INTERNAL_SERVER_ERROR'] : messages['BAD_REQUEST']);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify({ ...body, message }), { status: response.status, headers });
}
