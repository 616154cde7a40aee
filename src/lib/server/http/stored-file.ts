/** A short answer in plain Chinese text, for routes that send files rather than pages. */
export function plainText(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
}

/**
 * A file users uploaded (evidence, a site's photo), sent so a browser never runs it: its stored
 * type with nosniff, a sandboxing policy, inline only when asked (images), never cached, never
 * embedded by another site.
 */
export function storedFileResponse(bytes: Uint8Array, file: { contentType: string; name: string; inline: boolean }): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': file.contentType,
      'content-length': String(bytes.length),
      'content-disposition': `${file.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
      'cross-origin-resource-policy': 'same-origin',
    },
  });
}
