import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { parseCityTime } from '~/lib/domain/city-time';
import { eventKinds, volunteerCategories } from '~/lib/domain/events';
import { DomainError } from '~/lib/server/db/errors';
import { asActionError, requireRole } from '~/lib/server/http/action-guards';
import * as events from '~/lib/server/db/events';
import type { AppRole } from '~/lib/server/auth/user';
import { qrSvg } from '~/lib/qr';
import { publicUrl } from '~/lib/server/http/site';

const eventId = z.uuid({ error: '活动编号格式不对' });
const visitId = z.uuid({ error: '入户登记编号格式不对' });
const community = z.string().trim().min(1, { error: '请填写社区名称' }).max(60, { error: '社区名称最多 60 个字' });
const households = z.coerce.number({ error: '请填写入户数' }).int({ error: '入户数应为整数' }).min(1, { error: '入户数至少为 1' }).max(500, { error: '入户数最多 500' });
/** An optional text field: Astro hands an empty form field over as null. */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, { error: message })
    .nullish()
    .transform((v) => v ?? '');
const cityTime = (label: string) =>
  z.string().transform((value, ctx) => {
    const at = parseCityTime(value);
    if (!at) {
      ctx.addIssue({ code: 'custom', message: `请填写有效的${label}` });
      return z.NEVER;
    }
    return at;
  });

function requireUser<R extends AppRole>(context: ActionAPIContext, role: R | readonly R[], refusal: string): R {
  return requireRole(context, typeof role === 'string' ? [role] : role, refusal).role;
}

/** Who may try to change a household-visit entry; the database decides which entries (lock_household_visit). */
const visitEditors = ['volunteer', 'organizer', 'office'] as const;
const visitEditorsRefusal = '只有志愿者、活动组织者和市禁毒办可以修改入户登记';

/**
 * A refusal of a household-visit change: the database's message speaks to volunteers ("not your
 * entry"), so an organizer refused for another organizer's event is told so in their terms.
 */
function asVisitError(role: AppRole): (error: unknown) => never {
  return (error) => {
    if (role === 'organizer' && error instanceof DomainError && error.code === 'FORBIDDEN') {
      throw new ActionError({ code: 'FORBIDDEN', message: '这不是你组织的活动，不能修改它的入户登记' });
    }
    return asActionError(error);
  };
}

/** Volunteer: sign up; confirmed while seats remain, waitlisted after. */
export const signUp = defineAction({
  accept: 'form',
  input: z.object({ eventId }),
  handler: async ({ eventId }, context) => {
    requireUser(context, 'volunteer', '只有注册志愿者可以报名活动');
    return events.signUp(await context.locals.db(), eventId).catch(asActionError);
  },
});

/** Volunteer: give up a place (until the cut-off) or leave the waitlist. */
export const cancelSignup = defineAction({
  accept: 'form',
  input: z.object({ eventId }),
  handler: async ({ eventId }, context) => {
    requireUser(context, 'volunteer', '只有志愿者可以取消报名');
    return events.cancelSignup(await context.locals.db(), eventId).catch(asActionError);
  },
});

/** Volunteer: check in with the 6-digit code the organizer shows. */
export const checkIn = defineAction({
  accept: 'form',
  input: z.object({
    eventId,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, { error: '请输入 6 位数字签到码' }),
  }),
  handler: async ({ eventId, code }, context) => {
    requireUser(context, 'volunteer', '只有报名的志愿者可以签到');
    await events.checkIn(await context.locals.db(), eventId, code).catch((error: unknown) => {
      // Too many wrong codes is a rate limit, answered like the sign-in limit.
      if (error instanceof DomainError && error.sqlstate === 'QYLIM') throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: error.message });
      return asActionError(error);
    });
    return { checkedIn: true };
  },
});

/** Volunteer at a 进家庭 event: the households reached, as a count and the community. */
export const logHouseholds = defineAction({
  accept: 'form',
  input: z.object({
    eventId,
    community,
    households,
  }),
  handler: async (input, context) => {
    requireUser(context, 'volunteer', '只有志愿者可以登记入户数');
    await events.logHouseholds(await context.locals.db(), input).catch(asActionError);
    return { logged: input.households };
  },
});

/**
 * Correct a household-visit entry: a volunteer theirs until the event's hours are confirmed, the
 * event's organizer and the office any entry of the event at any time.
 */
export const updateHouseholds = defineAction({
  accept: 'form',
  input: z.object({ visitId, community, households }),
  handler: async (input, context) => {
    const role = requireUser(context, visitEditors, visitEditorsRefusal);
    await events.updateHouseholdVisit(await context.locals.db(), input).catch(asVisitError(role));
    return { visitId: input.visitId, households: input.households };
  },
});

/** Remove a household-visit entry made by mistake, on the same terms as a correction. */
export const deleteHouseholds = defineAction({
  accept: 'form',
  input: z.object({ visitId }),
  handler: async ({ visitId }, context) => {
    const role = requireUser(context, visitEditors, visitEditorsRefusal);
    await events.deleteHouseholdVisit(await context.locals.db(), visitId).catch(asVisitError(role));
    return { visitId };
  },
});

/** Volunteer: category and contact; the contact is seen only by organizers of their events and the office. */
export const saveProfile = defineAction({
  accept: 'form',
  input: z.object({
    category: z.enum(volunteerCategories, { error: '请选择志愿者类别' }),
    phone: z
      .union([
        z
          .string()
          .trim()
          .regex(/^1[3-9]\d{9}$/, { error: '请填写 11 位手机号' }),
        z.literal(''),
      ])
      .nullish(),
    organization: optionalText(60, '单位最多 60 个字'),
  }),
  handler: async (input, context) => {
    requireUser(context, 'volunteer', '只有志愿者可以填写志愿者资料');
    const user = context.locals.user;
    if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: '请先登录' });
    await events
      .saveProfile(await context.locals.db(), user.id, { category: input.category, phone: input.phone || null, organization: input.organization || null })
      .catch(asActionError);
    return { saved: true };
  },
});

const eventFields = z
  .object({
    eventId: z.union([eventId, z.literal('')]).nullish(),
    title: z.string().trim().min(2, { error: '标题至少 2 个字' }).max(80, { error: '标题最多 80 个字' }),
    kind: z.enum(eventKinds, { error: '请选择活动类型' }),
    districtId: z.uuid({ error: '请选择区' }),
    community: z.string().trim().min(1, { error: '请填写社区或地点' }).max(60, { error: '地点最多 60 个字' }),
    startsAt: cityTime('开始时间'),
    endsAt: cityTime('结束时间'),
    cancelCutoff: cityTime('取消截止时间'),
    capacity: z.coerce.number({ error: '请填写名额' }).int({ error: '名额应为整数' }).min(1, { error: '名额至少 1 人' }).max(2000, { error: '名额最多 2000 人' }),
    eligibility: z.enum(['all', ...volunteerCategories], { error: '请选择可报名的志愿者' }),
    bring: optionalText(300, '携带物品最多 300 个字'),
    description: optionalText(2000, '活动说明最多 2000 个字'),
    contact: z.string().trim().min(2, { error: '请填写组织者的工作联系方式' }).max(80, { error: '联系方式最多 80 个字' }),
  })
  .superRefine((v, ctx) => {
    // The database checks this too (save_event); here it can stand next to the field.
    if (!v.eventId && v.startsAt.getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: '活动开始时间必须在将来' });
    if (v.endsAt <= v.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间要晚于开始时间' });
    else if (v.endsAt.getTime() - v.startsAt.getTime() > 24 * 3_600_000) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '一场活动最长 24 小时' });
    if (v.cancelCutoff > v.startsAt) ctx.addIssue({ code: 'custom', path: ['cancelCutoff'], message: '取消截止时间不能晚于开始时间' });
  });

/** Organizer: create an event, or edit one of theirs. */
export const saveEvent = defineAction({
  accept: 'form',
  input: eventFields,
  handler: async ({ eventId, ...fields }, context) => {
    requireUser(context, 'organizer', '只有活动组织者可以发布和修改活动');
    const id = await events.saveEvent(await context.locals.db(), eventId || null, fields).catch(asActionError);
    return { eventId: id };
  },
});

/** Organizer: copy an event of theirs to a new start. */
export const copyEvent = defineAction({
  accept: 'form',
  input: z.object({ eventId, startsAt: cityTime('新的开始时间') }),
  handler: async ({ eventId, startsAt }, context) => {
    requireUser(context, 'organizer', '只有活动组织者可以复制活动');
    return { eventId: await events.copyEvent(await context.locals.db(), eventId, startsAt).catch(asActionError) };
  },
});

/** Organizer: cancel an event; sign-ups see it in their list. */
export const cancelEvent = defineAction({
  accept: 'form',
  input: z.object({ eventId, reason: optionalText(200, '取消原因最多 200 个字') }),
  handler: async ({ eventId, reason }, context) => {
    requireUser(context, 'organizer', '只有活动组织者可以取消活动');
    await events.cancelEvent(await context.locals.db(), eventId, reason).catch(asActionError);
    return { cancelled: true };
  },
});

/** Organizer: stop or reopen sign-ups. */
export const setSignupsOpen = defineAction({
  accept: 'form',
  input: z.object({ eventId, open: z.enum(['1', '0'], { error: '参数无效' }) }),
  handler: async ({ eventId, open }, context) => {
    requireUser(context, 'organizer', '只有活动组织者可以修改报名状态');
    await events.setSignupsOpen(await context.locals.db(), eventId, open === '1').catch(asActionError);
    return { open: open === '1' };
  },
});

/** Organizer: mark a confirmed volunteer present or absent by hand. */
export const markAttendance = defineAction({
  accept: 'form',
  input: z.object({ eventId, signupId: z.uuid({ error: '报名记录编号格式不对' }), present: z.enum(['1', '0'], { error: '参数无效' }) }),
  handler: async ({ signupId, present }, context) => {
    requireUser(context, 'organizer', '只有活动组织者可以登记出勤');
    await events.markAttendance(await context.locals.db(), signupId, present === '1').catch(asActionError);
    return { present: present === '1' };
  },
});

/** Organizer: after the event, confirm hours for those present (default: the event's length). */
export const confirmHours = defineAction({
  accept: 'form',
  input: z.object({
    eventId,
    hours: z.union([z.literal(''), z.coerce.number({ error: '时长应为数字' }).gt(0, { error: '时长应大于 0' }).max(24, { error: '时长最多 24 小时' })]).nullish(),
  }),
  handler: async ({ eventId, hours }, context) => {
    requireUser(context, 'organizer', '只有活动组织者可以确认志愿时长');
    const confirmed = await events.confirmHours(await context.locals.db(), eventId, typeof hours === 'number' ? hours : null).catch(asActionError);
    return { confirmed };
  },
});

/** Organizer: the current check-in code with its QR (a link to the volunteer's check-in page). */
export const checkinCode = defineAction({
  input: z.object({ eventId }),
  handler: async ({ eventId }, context) => {
    requireUser(context, 'organizer', '只有活动组织者可以出示签到码');
    const { code, validUntil } = await events.checkinCode(await context.locals.db(), eventId).catch(asActionError);
    const url = publicUrl(`/events/${eventId}/checkin/?code=${code}`);
    return { code, validUntil: validUntil.toISOString(), url, qr: await qrSvg(url) };
  },
});
