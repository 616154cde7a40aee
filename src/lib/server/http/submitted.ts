import { submittedText } from '~/lib/domain/event-form';

/**
 * The text fields a form posted, for putting them back into the form when its action failed
 * (the page is rendered on the same POST; Astro's action runtime reads a clone of the body).
 * Null for anything but a readable form POST.
 */
export async function submittedForm(request: Request): Promise<Record<string, string> | null> {
  if (request.method !== 'POST') return null;
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return null;
  try {
    return submittedText(await request.clone().formData());
  } catch {
    return null;
  }
}
