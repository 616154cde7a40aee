import ExcelJS from 'exceljs';
import { parseRosterText, rosterFromCells, type RosterParse, type RosterRow } from '~/lib/domain/roster';

/** A roster file we cannot read; the message is for the teacher and is shown as is. */
export class RosterFileError extends Error {}

export type RosterEncoding = 'utf-8' | 'utf-16le' | 'gbk';

const maxBytes = 5 * 1024 * 1024;
const zipMagic = [0x50, 0x4b, 0x03, 0x04];
// Old binary Excel, and also what Excel writes for an .xlsx with a password.
const compoundMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

/**
 * Decodes a CSV or TXT upload: UTF-8 (a BOM is dropped), UTF-16LE with a BOM (Excel's
 * “Unicode 文本”), otherwise GB18030, a superset of the GBK that Excel on Chinese Windows
 * writes for “CSV”.
 * @example decodeCsv(new Uint8Array([0xcd, 0xf5])) // { text: '王', encoding: 'gbk' }
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: RosterEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gbk' };
    } catch {
      throw new RosterFileError('无法识别文件编码，请在 Excel 中另存为“CSV UTF-8”');
    }
  }
}

/**
 * Exact digits for a student number typed as a number. Excel keeps 15 significant digits,
 * so anything longer may already be wrong: it stays in exponent form and fails validation
 * rather than importing a number nobody typed. A “0000000” format keeps its leading zeros.
 */
function numberText(value: number, numFmt: string | undefined): string {
  if (!Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 1e15) return value.toExponential();
  const digits = String(value);
  return numFmt && /^0+$/.test(numFmt) ? digits.padStart(numFmt.length, '0') : digits;
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, cell.numFmt);
  if (typeof value === 'boolean') return String(value);
  // A date is never a student number or a name; the full ISO text fails both rules.
  if (value instanceof Date) return value.toISOString();
  // Formulas go through as formulas, never as their cached result, so validation refuses them.
  if ('formula' in value || 'sharedFormula' in value) return `=${cell.formula ?? ''}`;
  // Error values (#N/A) only come from formulas.
  if ('error' in value) return `=${value.error}`;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  return typeof value.text === 'string' ? value.text : '';
}

async function readXlsx(bytes: Uint8Array): Promise<RosterParse> {
  if (startsWith(bytes, compoundMagic)) throw new RosterFileError('XLSX 文件设置了密码或是 .xls 旧格式，请取消密码后另存为 .xlsx 或 CSV');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    throw new RosterFileError('XLSX 文件无法读取，可能已损坏');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], header: false };
  const records: RosterRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(cellText(row.getCell(column)));
    records.push({ line: rowNumber, cells });
  });
  return rosterFromCells(records);
}

/**
 * Reads an uploaded roster by its extension: CSV or TXT, or the first worksheet of an XLSX,
 * where `line` is the Excel row number. Throws RosterFileError for files we cannot read.
 * @example await readRosterFile('三年级一班.csv', bytes) // { header: true, rows: [...] }
 */
export async function readRosterFile(name: string, bytes: Uint8Array): Promise<RosterParse> {
  if (bytes.byteLength > maxBytes) throw new RosterFileError('文件太大（上限 5 MB）');
  const extension = /\.([^./\\]+)$/.exec(name.trim().toLowerCase())?.[1];
  if (extension === 'xls') throw new RosterFileError('不支持 .xls 旧格式，请在 Excel 中另存为 .xlsx 或 CSV');
  if (extension === 'xlsx') return readXlsx(bytes);
  if (extension !== 'csv' && extension !== 'txt') throw new RosterFileError('只支持 CSV、TXT 和 XLSX 文件');
  // A workbook renamed to .csv: read what it is rather than show the teacher binary noise.
  if (startsWith(bytes, zipMagic)) return readXlsx(bytes);
  if (startsWith(bytes, compoundMagic)) throw new RosterFileError('不支持 .xls 旧格式，请在 Excel 中另存为 .xlsx 或 CSV');
  return parseRosterText(decodeCsv(bytes).text);
}
