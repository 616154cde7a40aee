import { describe, expect, test } from 'vitest';
import { parseRosterText, rosterFromCells, validateRoster, type RosterRow } from './roster';

const rows = (...cells: string[][]): RosterRow[] => cells.map((c, i) => ({ line: i + 2, cells: c }));
const messages = (text: string, options = { maxRows: 100 }): string[] => {
  const result = validateRoster(parseRosterText(text).rows, options);
  return result.ok ? [] : result.errors.map((e) => e.message);
};

describe('parseRosterText', () => {
  test('returns number-then-name rows and drops a header row', () => {
    expect(parseRosterText('学号,姓名\n2026030101,王小明\n2026030102,李华\n')).toEqual({
      header: true,
      rows: [
        { line: 2, cells: ['2026030101', '王小明'] },
        { line: 3, cells: ['2026030102', '李华'] },
      ],
    });
  });

  test('returns the same rows with or without a UTF-8 BOM', () => {
    expect(parseRosterText('\ufeff学号,姓名\r\n1,王小明')).toEqual(parseRosterText('学号,姓名\r\n1,王小明'));
  });

  test('returns rows split on tabs from an Excel paste, even when names hold commas', () => {
    expect(parseRosterText('2026030101\tLi, Hua\r\n2026030102\t王小明\r\n').rows.map((r) => r.cells)).toEqual([
      ['2026030101', 'Li, Hua'],
      ['2026030102', '王小明'],
    ]);
  });

  test.each([
    ['Chinese comma', '1，王小明\n2，李华'],
    ['semicolon', '1;王小明\n2;李华'],
    ['lone CR', '1,王小明\r2,李华'],
  ])('returns rows from a %s file', (_, text) => {
    expect(parseRosterText(text).rows.map((r) => r.cells)).toEqual([
      ['1', '王小明'],
      ['2', '李华'],
    ]);
  });

  test('returns quoted fields with commas, doubled quotes and line breaks, counting lines', () => {
    const parsed = parseRosterText('学号,姓名\n"2026,01","王 ""小明"""\n3,"李\n华"\n4, "张伟"\n5,"陈静"');
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['2026,01', '王 "小明"'] },
      { line: 3, cells: ['3', '李\n华'] },
      { line: 5, cells: ['4', '张伟'] },
      { line: 6, cells: ['5', '陈静'] },
    ]);
  });

  test('keeps a stray quote inside an unquoted field as text', () => {
    expect(parseRosterText('1,王"小"明').rows[0]?.cells).toEqual(['1', '王"小"明']);
  });

  test('skips blank lines but keeps the line numbers the teacher sees', () => {
    expect(parseRosterText('\n学号,姓名\n\n  \n1,王小明\n,\n2,李华\n\n').rows.map((r) => r.line)).toEqual([5, 7]);
  });

  test.each([
    ['Student Number,NAME', '1,王小明'],
    ['姓名\t学号', '王小明\t1'],
    ['名字;编号', '王小明;1'],
    ['显示名，学生编号，班级', '王小明，1，三(1)班'],
    ['number , name', '1,王小明'],
    ['序号,学 号,姓 名', '9,1,王小明'],
  ])('returns header %s columns as number then name', (header, row) => {
    expect(parseRosterText(`${header}\n${row}`)).toEqual({ header: true, rows: [{ line: 2, cells: ['1', '王小明'] }] });
  });

  test('swaps name-then-number columns without a header, once for the whole file', () => {
    const parsed = parseRosterText('王小明,2026030101\n李华,2026030102\nTom,A-7\n2026,2026');
    expect(parsed.header).toBe(false);
    expect(parsed.rows.map((r) => r.cells)).toEqual([
      ['2026030101', '王小明'],
      ['2026030102', '李华'],
      ['A-7', 'Tom'],
      ['2026', '2026'],
    ]);
  });

  test('keeps number-then-name order when most rows read that way', () => {
    expect(parseRosterText('1,王小明\n2,李华\n王五,3').rows.map((r) => r.cells[0])).toEqual(['1', '2', '王五']);
  });

  test('returns single-cell rows when there is no delimiter', () => {
    expect(parseRosterText('王小明\n李华').rows.map((r) => r.cells)).toEqual([['王小明'], ['李华']]);
  });

  test('returns no rows for a header alone', () => {
    expect(parseRosterText('学号,姓名\r\n')).toEqual({ header: true, rows: [] });
  });
});

describe('rosterFromCells', () => {
  test('returns rows from spreadsheet cells, skipping rows blank in the roster columns', () => {
    const cells = [
      { line: 1, cells: ['姓名', '学号', '备注'] },
      { line: 2, cells: ['', '', '合计'] },
      { line: 3, cells: ['李华', '7', ''] },
    ];
    expect(rosterFromCells(cells)).toEqual({ header: true, rows: [{ line: 3, cells: ['7', '李华'] }] });
  });
});

describe('validateRoster', () => {
  test('returns trimmed students with half-width student numbers', () => {
    const result = validateRoster(rows([' ２０２６０３０１０１\u3000', '\u00a0王小明 '], ['ａｂ－１２', '\u200bLi  Hua'], ['3', '李　华']), { maxRows: 10 });
    expect(result).toEqual({
      ok: true,
      students: [
        { studentNumber: '2026030101', displayName: '王小明', line: 2 },
        { studentNumber: 'ab-12', displayName: 'Li Hua', line: 3 },
        { studentNumber: '3', displayName: '李华', line: 4 },
      ],
    });
  });

  test('returns errors by the line the teacher sees, header counted', () => {
    expect(messages('学号,姓名\n1,王小明\n2,李华\n3,张伟\n,陈静\n5,')).toEqual(['第 5 行：学号不能为空', '第 6 行：姓名不能为空']);
  });

  test('returns a duplicate error naming the first line', () => {
    expect(messages('学号,姓名\n2026030101,王小明\n2,李华\n２０２６０３０１０１,张伟')).toEqual(['第 4 行：学号 2026030101 与第 2 行重复']);
  });

  test('returns an error for a number already used elsewhere in the school', () => {
    const result = validateRoster(rows(['1', '王小明'], ['2026030101', '李华']), { maxRows: 10, existingNumbers: new Set(['2026030101']) });
    expect(result).toEqual({ ok: false, errors: [{ line: 3, message: '第 3 行：学号 2026030101 已在本校其他学生名下' }] });
  });

  test('returns an error for a student number with other characters or over 20 long', () => {
    const expected = '学号只能包含字母、数字和连字符（最多 20 位）';
    expect(messages('2026 01,王小明\n2026/01,李华\n123456789012345678901,张伟')).toEqual([1, 2, 3].map((n) => `第 ${n} 行：${expected}`));
  });

  test('returns an error for a name over 20 characters, counting characters not bytes', () => {
    expect(messages(`1,${'王'.repeat(20)}\n2,${'😀'.repeat(20)}`)).toEqual([]);
    expect(messages(`1,${'王'.repeat(21)}`)).toEqual(['第 1 行：姓名超过 20 个字']);
  });

  test('returns an error for control characters and all-digit names', () => {
    expect(messages('1,"王\n小明"\n3,李\u202e华\n4,12345')).toEqual([
      '第 1 行：姓名不能包含换行、制表符等控制字符',
      '第 3 行：姓名不能包含换行、制表符等控制字符',
      '第 4 行：姓名不能全是数字，学号和姓名是不是填反了？',
    ]);
  });

  test.each([['=1+1'], ['+SUM(A1:A2)'], ['@cmd'], ['-2+3'], ['＝1+1'], [' =HYPERLINK("x")']])('refuses %s as a formula in either column', (cell) => {
    const lead = cell.trim()[0];
    const message = `单元格以 ${lead} 开头，像是公式，请改成纯文本`;
    expect(messages(`1,"${cell.replaceAll('"', '""')}"\n"${cell.replaceAll('"', '""')}",王小明`)).toEqual([`第 1 行：${message}`, `第 2 行：${message}`]);
  });

  test('refuses a student number with a leading hyphen', () => {
    expect(messages('-2026,王小明')).toEqual(['第 1 行：单元格以 - 开头，像是公式，请改成纯文本']);
  });

  test('returns an error for a row with a single column', () => {
    expect(messages('王小明')).toEqual(['第 1 行：只有一列，请用逗号或 Tab 分开学号和姓名']);
  });

  test('returns every error and no students when any row is wrong', () => {
    const result = validateRoster(rows(['1', '王小明'], ['', ''], ['3', '李华']), { maxRows: 10 });
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 3, message: '第 3 行：学号不能为空' },
        { line: 3, message: '第 3 行：姓名不能为空' },
      ],
    });
  });

  test('returns 名单为空 for no rows', () => {
    expect(validateRoster([], { maxRows: 10 })).toEqual({ ok: false, errors: [{ line: 0, message: '名单为空' }] });
    expect(messages('学号,姓名\n\n')).toEqual(['名单为空']);
  });

  test('refuses the whole file with its row count when over maxRows', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `${i},=bad`).join('\n');
    expect(messages(text, { maxRows: 5000 })).toEqual(['一次最多导入 5000 人，这个文件有 10000 行']);
  });

  test('returns all 2,000 students of a large roster', () => {
    const text = ['学号\t姓名', ...Array.from({ length: 2000 }, (_, i) => `2026${String(i).padStart(6, '0')}\t学生${i}`)].join('\r\n');
    const result = validateRoster(parseRosterText(text).rows, { maxRows: 5000 });
    expect(result.ok && result.students.length).toBe(2000);
    expect(result.ok && result.students[1999]).toEqual({ studentNumber: '2026001999', displayName: '学生1999', line: 2001 });
  });

  test('lists 200 errors and counts the rest', () => {
    const text = Array.from({ length: 300 }, (_, i) => `${i},`).join('\n');
    const listed = messages(text, { maxRows: 5000 });
    expect(listed).toHaveLength(201);
    expect(listed[199]).toBe('第 200 行：姓名不能为空');
    expect(listed[200]).toBe('还有 100 处错误未列出');
  });
});
