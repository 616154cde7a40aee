import type { AstroGlobal } from 'astro';
import { actions, isInputError } from 'astro:actions';
import { submittedForm } from './http/submitted';

/** The outcome of a household-visit correction or removal posted to the page being rendered. */
export interface HouseholdCorrection {
  /** Set after a successful correction or removal, for the page's status line. */
  updated: boolean;
  removed: boolean;
  /** The failed action's error, if any. */
  error: unknown;
  /** The entry the failed form was about, and what was typed in it. */
  failedVisit: string | null;
  submitted: Record<string, string> | null;
  /** The messages by field of a correction refused for its input. */
  fields: { community?: string[] | undefined; households?: string[] | undefined };
  /** The field that takes the focus after a failed correction: the first at fault, else the form's summary. */
  focus: 'community' | 'households' | 'summary';
}

/**
 * Reads the result of events.updateHouseholds / events.deleteHouseholds for a page that lists
 * entries with the HouseholdVisitEdit form (the volunteer's page, the organizer's event page), and
 * answers a failure with its status.
 */
export async function householdCorrection(astro: AstroGlobal): Promise<HouseholdCorrection> {
  const updated = astro.getActionResult(actions.events.updateHouseholds);
  const removed = astro.getActionResult(actions.events.deleteHouseholds);
  const error = updated?.error ?? removed?.error;
  if (error) astro.response.status = error.status;
  const submitted = error ? await submittedForm(astro.request) : null;
  const fields = updated?.error && isInputError(updated.error) ? updated.error.fields : {};
  return {
    updated: Boolean(updated?.data),
    removed: Boolean(removed?.data),
    error,
    submitted,
    failedVisit: submitted?.['visitId'] ?? null,
    fields,
    focus: fields.community ? 'community' : fields.households ? 'households' : 'summary',
  };
}
