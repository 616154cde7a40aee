import { t } from '~/i18n';
import { eventPhase, type Eligibility, type EventKind, type EventStatus, type SignupStatus, type VolunteerCategory } from '~/lib/domain/events';

/** Chinese labels for the event enums, from the catalogue. */
export const kindLabel = (kind: EventKind): string => t(`event.kind.${kind}`);
export const signupLabel = (status: SignupStatus): string => t(`volunteer.signupStatus.${status}`);
export const categoryLabel = (category: VolunteerCategory): string => t(`volunteer.category.${category}`);
export const eligibilityLabel = (e: Eligibility): string => (e === 'all' ? t('event.eligibility.all') : categoryLabel(e));

/** The status a visitor sees, by `eventPhase`: a badge never says 报名中 once sign-up is over. */
export function eventStatusLabel(event: { status: EventStatus; startsAt: Date; endsAt: Date }, now = new Date()): string {
  return t(`event.status.${eventPhase(event, now)}`);
}

/** Hours for display: at most two decimals, no trailing zeros. */
export const hoursText = (hours: number): string => String(Math.round(hours * 100) / 100);
