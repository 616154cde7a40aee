import ExcelJS from 'exceljs';
import type { APIContext } from 'astro';
import { categoryLabel, signupLabel } from '~/components/event-labels';
import { formatCityTime } from '~/lib/domain/city-time';
import { DomainError } from './db/errors';
import { getEvent, roster, type EventRecord, type RosterLine } from './db/events';
import { isUuid } from '~/lib/domain/ids';
import { plainText as plain } from '~/lib/server/http/stored-file';

const header = ['姓名', '类别', '手机号', '单位', '状态', '候补位次', '报名时间', '签到时间', '志愿时长（小时）', '入户数'];

function row(l: RosterLine): (string | number)[] {
  return [
    l.volunteerName,
    l.category ? categoryLabel(l.category) : '',
    l.phone ?? '',
    l.organization ?? '',
    signupLabel(l.status),
    l.waitlistPosition ?? '',
    formatCityTime(l.signedUpAt),
    l.checkedInAt ? formatCityTime(l.checkedInAt) : '',
    l.hours ?? '',
    l.households ?? '',
  ];
}

/** A CSV cell: quoted when needed, and formula-like text defused so a spreadsheet never runs it. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The roster as CSV with a BOM, so Excel opens the Chinese correctly. */
export function rosterCsv(lines: RosterLine[]): string {
  return `\uFEFF${[header, ...lines.map(row)].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The roster as an XLSX workbook. */
export async function rosterXlsx(event: EventRecord, lines: RosterLine[]): Promise<Blob> {
  const book = new ExcelJS.Workbook();
  book.creator = '清源课堂';
  const sheet = book.addWorksheet('报名名单');
  sheet.addRow([event.title]).font = { bold: true };
  sheet.addRow([`${formatCityTime(event.startsAt)} · ${event.district}${event.community}`]);
  sheet.addRow(header).font = { bold: true };
  for (const l of lines) sheet.addRow(row(l));
  sheet.columns.forEach((c, i) => {
    c.width = [14, 10, 14, 16, 8, 8, 20, 20, 14, 8][i] ?? 12;
  });
  return new Blob([await book.xlsx.writeBuffer()]);
}

/** Loads the event and its roster for an export endpoint, or the refusal as a response. */
export async function rosterFor(context: APIContext): Promise<{ event: EventRecord; lines: RosterLine[] } | Response> {
  const user = context.locals.user;
  if (!user) return plain(401, '请先登录');
  if (user.role !== 'organizer' && user.role !== 'office') return plain(403, '只有活动组织者可以导出名单');
  const id = context.params['id'] ?? '';
  const db = await context.locals.db();
  const event = isUuid(id) ? await getEvent(db, id) : null;
  if (!event) return plain(404, '找不到这个活动');
  try {
    return { event, lines: await roster(db, event.eventId) };
  } catch (error) {
    if (error instanceof DomainError) return plain(error.code === 'FORBIDDEN' ? 403 : 404, error.message);
    throw error;
  }
}
