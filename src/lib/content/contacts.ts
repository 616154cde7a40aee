import { parse } from 'yaml';
import raw from '../../../content/contacts.yaml?raw';
import { formatIssues } from './format-issues';
import { contactsSchema, type ContactsData } from './schemas';

/**
 * The help lines and the city office's contacts from `content/contacts.yaml`, validated when the
 * site is built (a malformed file stops the build, naming the field).
 */
function load(): ContactsData {
  const result = contactsSchema.safeParse(parse(raw));
  if (!result.success) throw new Error(formatIssues('content/contacts.yaml', result.error));
  return result.data;
}

export const contacts: ContactsData = load();

/** Whether the office has published any contact yet. */
export function officePublished(data: ContactsData = contacts): boolean {
  const { phone, address, wechat } = data.office;
  return Boolean(phone || address || wechat);
}

/** Whether a page's text names the city office, so the page should show its contacts. */
export function mentionsOffice(...texts: unknown[]): boolean {
  return texts.some((text) => (typeof text === 'string' ? text : JSON.stringify(text ?? '')).includes('市禁毒办'));
}
