/** The largest request body the app accepts; forms and actions here are small. */
export const maxBodyBytes = 256 * 1024;
/** A roster upload (CSV or XLSX, up to 5,000 pupils) may be larger. */
export const maxUploadBytes = 6 * 1024 * 1024;
/** A demonstration evidence file may be 10 MB; the form around it gets a little more. */
export const maxEvidenceRequestBytes = 10.5 * 1024 * 1024;

/** The limit for a request: uploads of rosters get more room than everything else. */
function limitFor(url: URL): number {
  const action = url.pathname.startsWith('/_actions/') ? url.pathname.slice('/_actions/'.length) : url.searchParams.get('_action');
  if (action === 'demonstration.upload' || action === 'workplaces.renewSite') return maxEvidenceRequestBytes;
  return action === 'teaching.importClassRoster' ? maxUploadBytes : maxBodyBytes;
}

function reply(status: number, message: string): Response {
  return new Response(JSON.stringify({ error: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/**
 * Answers oversized or unreadable request bodies with a 4xx and a Chinese message before any
 * handler runs, so a broken client never meets a 500 or a stack trace. Returns null when the
 * request may go on; the body stays readable for the handler (a clone is read here).
 */
export async function badRequestForBody(request: Request, url: URL): Promise<Response | null> {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  const limit = limitFor(url);
  const tooLarge = `提交的内容太大（上限 ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`}）`;
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > limit) return reply(413, tooLarge);
  // Read (a copy of) the body as it streams and stop at the limit: a chunked body names no
  // length, and reading it whole first would hold any size in memory before refusing it.
  let bytes: Uint8Array | 'too-large';
  try {
    bytes = await readCapped(request.clone(), limit);
  } catch {
    return reply(400, '无法读取提交的内容');
  }
  if (bytes === 'too-large') return reply(413, tooLarge);
  if (!url.pathname.startsWith('/_actions/') && !url.searchParams.has('_action')) return null;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = new TextDecoder().decode(bytes);
  if (type === 'application/json') {
    try {
      JSON.parse(text || 'null');
    } catch {
      return reply(400, '提交的内容不是有效的 JSON');
    }
    return null;
  }
  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    try {
      await request.clone().formData();
    } catch {
      return reply(400, '表单内容无法解析，请重新提交');
    }
    return null;
  }
  if (url.pathname.startsWith('/_actions/') && text.length > 0) return reply(415, '不支持这种提交格式，请用表单或 JSON');
  return null;
}

/** The body's bytes, or 'too-large' as soon as more than `limit` bytes have arrived (the rest is never read). */
export async function readCapped(request: Request, limit: number): Promise<Uint8Array | 'too-large'> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      // Not awaited: cancelling one branch of a teed body settles only once the other branch
      // (the handler's, never read after a refusal) is cancelled too.
      reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
