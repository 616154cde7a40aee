import ExcelJS from 'exceljs';

/** A cell that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
function safe(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * CSV that Excel and WPS open with the Chinese intact: UTF-8 with a BOM, CRLF line ends,
 * every text field quoted.
 */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  const field = (v: string | number): string => {
    const s = safe(v);
    return typeof s === 'number' ? String(s) : `"${s.replaceAll('"', '""')}"`;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

/** One sheet of a workbook: a name (31 characters at most), a header row and the rows. */
export interface Sheet {
  name: string;
  header: string[];
  rows: (string | number)[][];
}

/** An XLSX workbook, each sheet with a bold frozen header and sensible column widths. */
export async function toXlsxBook(sheets: readonly Sheet[]): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '清源课堂';
  for (const { name, header, rows } of sheets) {
    const sheet = workbook.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(header).font = { bold: true };
    for (const row of rows) sheet.addRow(row.map(safe));
    sheet.columns.forEach((column, i) => {
      column.width = Math.min(40, Math.max(8, ...[header[i] ?? '', ...rows.map((r) => String(r[i] ?? ''))].map((s) => s.length * 2)));
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return buffer instanceof ArrayBuffer ? buffer : new Uint8Array(buffer).slice().buffer;
}

/** An XLSX workbook with one sheet. */
export function toXlsx(sheetName: string, header: string[], rows: (string | number)[][]): Promise<ArrayBuffer> {
  return toXlsxBook([{ name: sheetName, header, rows }]);
}

/**
 * A Content-Disposition for a download with a Chinese name: `filename*` in UTF-8 (RFC 5987/6266)
 * for every current browser, and an ASCII `filename` with the same extension for old clients.
 * Slashes, quotes and control characters are taken out of the name.
 * @example contentDisposition('禁毒宣传日.ics') // `attachment; filename="download.ics"; filename*=UTF-8''%E7%A6%81...`
 */
export function contentDisposition(fileName: string): string {
  const clean =
    fileName
      .replace(/[\u0000-\u001f\u007f"\\/:*?<>|]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'download';
  const ext = /\.[a-z0-9]{1,5}$/i.exec(clean)?.[0] ?? '';
  const ascii = /^[\x20-\x7e]+$/.test(clean) ? clean : `download${ext}`;
  const encoded = encodeURIComponent(clean).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Response headers for a download with a Chinese file name (RFC 5987). */
export function downloadHeaders(fileName: string, type: string): HeadersInit {
  return {
    'content-type': type,
    'content-disposition': contentDisposition(fileName),
    'cache-control': 'private, no-store',
  };
}
