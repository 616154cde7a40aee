import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { validateRoster } from '~/lib/domain/roster';
import { decodeCsv, readRosterFile, RosterFileError } from './roster-file';

const hex = (text: string): Uint8Array => Uint8Array.from(text.replace(/\s/g, '').match(/../g) ?? [], (byte) => parseInt(byte, 16));
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => [...part]));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

// Checked with python3 -c "print('王小明'.encode('gbk').hex())".
const gbk = { 学号: hex('d1a7 bac5'), 姓名: hex('d0d5 c3fb'), 王小明: hex('cdf5 d0a1 c3f7'), 李华: hex('c0ee bbaa') };
const gbkRoster = concat(gbk.学号, utf8(','), gbk.姓名, utf8('\r\n2026030101,'), gbk.王小明, utf8('\r\n2026030102,'), gbk.李华, utf8('\r\n'));

async function workbookBytes(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('名单'));
  workbook.addWorksheet('别的表').addRow(['学号', '姓名']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('decodeCsv', () => {
  test('returns UTF-8 text with or without a BOM', () => {
    expect(decodeCsv(utf8('\ufeff学号,姓名'))).toEqual({ text: '学号,姓名', encoding: 'utf-8' });
    expect(decodeCsv(utf8('学号,姓名'))).toEqual({ text: '学号,姓名', encoding: 'utf-8' });
  });

  test('returns GBK text from a CSV saved by Excel on Chinese Windows', () => {
    expect(decodeCsv(gbkRoster)).toEqual({ text: '学号,姓名\r\n2026030101,王小明\r\n2026030102,李华\r\n', encoding: 'gbk' });
  });

  test('returns UTF-16 text from Excel’s “Unicode text” export', () => {
    const bytes = concat(hex('fffe'), Uint8Array.from(Buffer.from('学号\t姓名', 'utf16le')));
    expect(decodeCsv(bytes)).toEqual({ text: '学号\t姓名', encoding: 'utf-16le' });
  });
});

describe('readRosterFile', () => {
  test('returns rows from a UTF-8 CSV with a BOM', async () => {
    const parsed = await readRosterFile('三年级一班.CSV', utf8('\ufeff姓名,学号\n王小明,2026030101\n'));
    expect(parsed).toEqual({ header: true, rows: [{ line: 2, cells: ['2026030101', '王小明'] }] });
  });

  test('returns rows from a GBK CSV', async () => {
    expect((await readRosterFile('roster.csv', gbkRoster)).rows).toEqual([
      { line: 2, cells: ['2026030101', '王小明'] },
      { line: 3, cells: ['2026030102', '李华'] },
    ]);
  });

  test('returns rows from a tab-separated TXT', async () => {
    expect((await readRosterFile('paste.txt', utf8('2026030101\t王小明'))).rows).toEqual([{ line: 1, cells: ['2026030101', '王小明'] }]);
  });

  test('returns exact numbers, rich text and refusable formulas from the first XLSX worksheet', async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.addRow(['学号', '姓名']);
      sheet.addRow([2026030101, '王小明']);
      sheet.addRow(['2026030102', { richText: [{ text: '李', font: { bold: true } }, { text: '华' }] }]);
      sheet.addRow([{ formula: '1+1', result: 2 }, '张伟']);
      sheet.addRow([2026030104, { formula: 'HYPERLINK("http://x","陈静")', result: '陈静' }]);
      sheet.addRow([]);
      sheet.addRow([new Date(Date.UTC(2026, 2, 1)), '赵六']);
      sheet.addRow([3.5, '周九']);
      sheet.addRow([1234567890123456800, '钱七']);
      sheet.getCell('A10').value = 42;
      sheet.getCell('A10').numFmt = '000000';
      sheet.getCell('B10').value = '孙八';
    });
    const parsed = await readRosterFile('roster.xlsx', bytes);
    expect(parsed.header).toBe(true);
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['2026030101', '王小明'] },
      { line: 3, cells: ['2026030102', '李华'] },
      { line: 4, cells: ['=1+1', '张伟'] },
      { line: 5, cells: ['2026030104', '=HYPERLINK("http://x","陈静")'] },
      { line: 7, cells: ['2026-03-01T00:00:00.000Z', '赵六'] },
      { line: 8, cells: ['3.5', '周九'] },
      { line: 9, cells: ['1.2345678901234568e+18', '钱七'] },
      { line: 10, cells: ['000042', '孙八'] },
    ]);
    const result = validateRoster(parsed.rows, { maxRows: 100 });
    expect(result.ok ? [] : result.errors.map((e) => e.line)).toEqual([4, 5, 7, 8, 9]);
  });

  test('returns the rows of a workbook renamed to .csv', async () => {
    const bytes = await workbookBytes((sheet) => sheet.addRow([2026030101, '王小明']));
    expect((await readRosterFile('roster.csv', bytes)).rows).toEqual([{ line: 1, cells: ['2026030101', '王小明'] }]);
  });

  test('refuses a corrupt or truncated XLSX', async () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251);
    const whole = await workbookBytes((sheet) => sheet.addRow([1, '王小明']));
    for (const bytes of [noise, whole.slice(0, whole.length / 2)]) {
      const error = await failure(readRosterFile('roster.xlsx', bytes));
      expect(error).toBeInstanceOf(RosterFileError);
      expect(error).toHaveProperty('message', 'XLSX 文件无法读取，可能已损坏');
    }
  });

  test.each([
    ['roster.xls', hex('d0cf11e0a1b11ae1'), '不支持 .xls 旧格式，请在 Excel 中另存为 .xlsx 或 CSV'],
    ['roster.csv', hex('d0cf11e0a1b11ae1'), '不支持 .xls 旧格式，请在 Excel 中另存为 .xlsx 或 CSV'],
    ['roster.xlsx', hex('d0cf11e0a1b11ae1'), 'XLSX 文件设置了密码或是 .xls 旧格式，请取消密码后另存为 .xlsx 或 CSV'],
    ['roster.pdf', utf8('%PDF'), '只支持 CSV、TXT 和 XLSX 文件'],
    ['roster', utf8('1,王小明'), '只支持 CSV、TXT 和 XLSX 文件'],
    ['roster.csv', new Uint8Array(5 * 1024 * 1024 + 1), '文件太大（上限 5 MB）'],
  ])('refuses %s with a message for the teacher', async (name, bytes, message) => {
    const error = await failure(readRosterFile(name, bytes));
    expect(error).toBeInstanceOf(RosterFileError);
    expect(error).toHaveProperty('message', message);
  });
});
