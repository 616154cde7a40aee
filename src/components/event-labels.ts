import { t } from '../i18n';
import type { Eligibility, EventKind, EventStatus, SignupStatus, VolunteerCategory } from '../lib/domain/events';

/** Chinese labels for the event enums, from the catalogue. */
export const kindLabel = (kind: EventKind): string => t(`event.kind.${kind}`);
export const signupLabel = (status: SignupStatus): string => t(`volunteer.signupStatus.${status}`);
export const categoryLabel = (category: VolunteerCategory): string => t(`volunteer.category.${category}`);
export const eligibilityLabel = (e: Eligibility): string => (e === 'all' ? t('event.eligibility.all') : categoryLabel(e));

/** The status a visitor sees: cancelled and closed as such, an open event that has ended as over. */
export function eventStatusLabel(event: { status: EventStatus; endsAt: Date }, now = new Date()): string {
  if (event.status === 'open' && event.endsAt < now) return t('event.status.past');
  return t(`event.status.${event.status}`);
}

/** Hours for display: at most two decimals, no trailing zeros. */
export const hoursText = (hours: number): string => String(Math.round(hours * 100) / 100);
