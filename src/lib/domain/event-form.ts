/** The fields of the organizer's event form, in the order the form shows them. */
export const eventFormFields = [
  'title',
  'kind',
  'districtId',
  'community',
  'startsAt',
  'endsAt',
  'cancelCutoff',
  'capacity',
  'eligibility',
  'bring',
  'description',
  'contact',
] as const;
export type EventFormField = (typeof eventFormFields)[number];

/**
 * The field a refusal of `save_event` is about, by the start of its Chinese message (see
 * 20261129001010_event_functions.sql), so the message can stand next to that field; null for a
 * refusal about the event as a whole (not yours, cancelled).
 */
export function refusalField(message: string): EventFormField | null {
  if (message.startsWith('活动开始时间')) return 'startsAt';
  if (message.startsWith('名额')) return 'capacity';
  return null;
}

export interface EventFormErrors {
  /** The first message for each field that has one. */
  byField: Partial<Record<EventFormField, string>>;
  /** The first field with a message in form order: it gets the keyboard focus. Null when none has. */
  first: EventFormField | null;
}

/**
 * Sorts a failed save into messages per field: `fields` from an input error (zod), or a refusal
 * of the database that belongs to one field. Keys that are not form fields are ignored.
 */
export function eventFormErrors(fields: Record<string, string[] | undefined>, refusal: string | null): EventFormErrors {
  const byField: Partial<Record<EventFormField, string>> = {};
  for (const name of eventFormFields) {
    const message = fields[name]?.[0];
    if (message) byField[name] = message;
  }
  const field = refusal === null ? null : refusalField(refusal);
  if (field && refusal !== null) byField[field] ??= refusal;
  return { byField, first: eventFormFields.find((name) => byField[name] !== undefined) ?? null };
}

/** The text fields of a submitted form (files and repeated keys after the first are ignored). */
export function submittedText(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form) {
    if (typeof value === 'string' && !(key in values)) values[key] = value;
  }
  return values;
}
