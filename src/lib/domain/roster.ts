/**
 * Class rosters as teachers paste or upload them: a student number (学号) and the name the
 * class uses (姓名). Nothing else about a child is kept, so other columns are dropped here.
 */

/** One record; `line` is where it starts in the file as the teacher sees it, header counted. */
export interface RosterRow {
  line: number;
  cells: string[];
}

/** Data rows with cells ordered `[studentNumber, displayName]`; a header row is not among them. */
export interface RosterParse {
  rows: RosterRow[];
  header: boolean;
}

export interface RosterStudent {
  studentNumber: string;
  displayName: string;
  line: number;
}

/** `line` 0 is about the whole file. */
export interface RosterError {
  line: number;
  message: string;
}

export type RosterValidation = { ok: true; students: RosterStudent[] } | { ok: false; errors: RosterError[] };

// Tab first: Excel copy-paste gives tabs, and names pasted that way may contain commas.
const delimiters = ['\t', ',', '，', ';'] as const;
const numberLabels = new Set(['学号', '学籍号', '学生编号', '编号', 'number', 'studentnumber', 'studentno']);
const nameLabels = new Set(['姓名', '名字', '显示名', '学生姓名', 'name', 'studentname', 'displayname']);
const studentNumberRule = /^[A-Za-z0-9-]{1,20}$/;
const maxListedErrors = 200;

/** Trims every kind of space a spreadsheet or web page leaves, full-width and zero-width included. */
function clean(cell: string): string {
  return cell.replace(/^[\s\u200b-\u200d\u2060]+|[\s\u200b-\u200d\u2060]+$/gu, '');
}

/** Full-width ASCII (`２０２６`, `Ａ`, `－`) to half-width, as Chinese IMEs type it. */
function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

function looksLikeNumber(cell: string): boolean {
  const value = halfWidth(clean(cell));
  return /^[A-Za-z0-9-]+$/.test(value) && /\d/.test(value);
}

function looksLikeName(cell: string): boolean {
  return clean(cell) !== '' && !looksLikeNumber(cell);
}

/** RFC 4180 records, lenient about stray quotes inside unquoted fields and spaces before a quote. */
function tokenize(text: string, delimiter: string | null): RosterRow[] {
  const rows: RosterRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let fresh = true;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (quoted) {
      if (ch !== '"') {
        if (ch === '\n' || (ch === '\r' && next !== '\n')) line++;
        cell += ch;
      } else if (next === '"') {
        cell += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (ch === '"' && fresh) {
      quoted = true;
      fresh = false;
      cell = '';
    } else if (ch === delimiter || ch === '\r' || ch === '\n') {
      cells.push(cell);
      cell = '';
      fresh = true;
      if (ch === delimiter) continue;
      if (ch === '\r' && next === '\n') i++;
      rows.push({ line: start, cells });
      cells = [];
      start = ++line;
    } else {
      cell += ch;
      if (fresh && ch.trim() !== '') fresh = false;
    }
  }
  cells.push(cell);
  rows.push({ line: start, cells });
  return rows;
}

/** The delimiter that splits the most records of the first 64 KB; null for a single column. */
function detectDelimiter(text: string): string | null {
  const sample = text.slice(0, 65_536);
  let best: string | null = null;
  let bestCount = 0;
  for (const delimiter of delimiters) {
    const count = tokenize(sample, delimiter).filter((row) => row.cells.length > 1).length;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function headerColumns(cells: readonly string[]): { number: number; name: number } | null {
  const labels = cells.map((cell) =>
    clean(cell)
      .normalize('NFKC')
      .replace(/[\s*:：]/g, '')
      .toLowerCase(),
  );
  const number = labels.findIndex((label) => numberLabels.has(label));
  const name = labels.findIndex((label) => nameLabels.has(label));
  return number >= 0 && name >= 0 ? { number, name } : null;
}

/**
 * Puts cells in `[studentNumber, displayName]` order, from a header row when the first
 * non-blank row is one, else by column position. Without a header the columns are swapped
 * when most rows read name-then-number; decided once for the whole file. Blank rows go.
 * Shared by pasted text, CSV and XLSX.
 */
export function rosterFromCells(records: readonly RosterRow[]): RosterParse {
  const filled = records.filter((row) => row.cells.some((cell) => clean(cell) !== ''));
  const columns = filled[0] ? headerColumns(filled[0].cells) : null;
  if (columns) {
    const rows = filled.slice(1).map((row) => ({ line: row.line, cells: [row.cells[columns.number] ?? '', row.cells[columns.name] ?? ''] }));
    return { header: true, rows: rows.filter((row) => row.cells.some((cell) => clean(cell) !== '')) };
  }
  let straight = 0;
  let swapped = 0;
  for (const { cells } of filled) {
    const [first = '', second = ''] = cells;
    if (looksLikeNumber(first) && looksLikeName(second)) straight++;
    if (looksLikeName(first) && looksLikeNumber(second)) swapped++;
  }
  const rows = filled.map(({ line, cells }) => {
    const [first = '', second = ''] = cells;
    if (cells.length < 2) return { line, cells: [first] };
    return { line, cells: swapped > straight ? [second, first] : [first, second] };
  });
  return { header: false, rows };
}

/**
 * Reads pasted text or a decoded CSV. The delimiter (tab, comma, '，' or ';') is chosen once
 * for the file; quoted fields may hold delimiters, doubled quotes and line breaks.
 * @example parseRosterText('姓名\t学号\n王小明\t2026030101')
 * // { header: true, rows: [{ line: 2, cells: ['2026030101', '王小明'] }] }
 */
export function parseRosterText(text: string): RosterParse {
  const body = text.replace(/^\ufeff/, '');
  return rosterFromCells(tokenize(body, detectDelimiter(body)));
}

function formulaLead(value: string): string | null {
  const first = value[0];
  return first !== undefined && '=+-@'.includes(halfWidth(first)) ? first : null;
}

/** Drops the space that pads two-character names (“李　华”) and collapses other runs to one. */
function tidyName(name: string): string {
  return name.replace(/(\p{Script=Han})[ \u00a0\u3000]+(?=\p{Script=Han})/gu, '$1').replace(/[ \u00a0\u3000]+/g, ' ');
}

/** The problems with one row, in the order the teacher reads its cells. */
function rowProblems(typedNumber: string, name: string): string[] {
  const problems: string[] = [];
  const number = halfWidth(typedNumber);
  const numberLead = formulaLead(typedNumber);
  if (numberLead) problems.push(`单元格以 ${numberLead} 开头，像是公式，请改成纯文本`);
  else if (number === '') problems.push('学号不能为空');
  else if (!studentNumberRule.test(number)) problems.push('学号只能包含字母、数字和连字符（最多 20 位）');
  const nameLead = formulaLead(name);
  if (nameLead) problems.push(`单元格以 ${nameLead} 开头，像是公式，请改成纯文本`);
  else if (name === '') problems.push('姓名不能为空');
  else if (/[\p{Cc}\p{Cf}\p{Cs}]/u.test(name)) problems.push('姓名不能包含换行、制表符等控制字符');
  else if ([...name].length > 20) problems.push('姓名超过 20 个字');
  else if (/^\d+$/.test(halfWidth(name))) problems.push('姓名不能全是数字，学号和姓名是不是填反了？');
  return problems;
}

/**
 * Checks every row and returns either all students or all errors, never part of a roster.
 * Student numbers are made half-width; names lose the padding space of “李　华”. Errors are
 * in Chinese, by line; after 200 the rest are counted. Empty or oversized files are refused
 * before any row is read.
 * @example validateRoster([{ line: 2, cells: ['２０２６', ' 李　华 '] }], { maxRows: 50 })
 * // { ok: true, students: [{ studentNumber: '2026', displayName: '李华', line: 2 }] }
 */
export function validateRoster(rows: readonly RosterRow[], options: { maxRows: number; existingNumbers?: ReadonlySet<string> }): RosterValidation {
  if (rows.length === 0) return { ok: false, errors: [{ line: 0, message: '名单为空' }] };
  if (rows.length > options.maxRows) {
    return { ok: false, errors: [{ line: 0, message: `一次最多导入 ${options.maxRows} 人，这个文件有 ${rows.length} 行` }] };
  }
  const errors: RosterError[] = [];
  const students: RosterStudent[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, cells } of rows) {
    const report = (message: string): void => {
      errors.push({ line, message: `第 ${line} 行：${message}` });
    };
    if (cells.length < 2) {
      report('只有一列，请用逗号或 Tab 分开学号和姓名');
      continue;
    }
    const typedNumber = clean(cells[0] ?? '');
    const studentNumber = halfWidth(typedNumber);
    const displayName = tidyName(clean(cells[1] ?? ''));
    const problems = rowProblems(typedNumber, displayName);
    problems.forEach(report);
    if (studentNumberRule.test(studentNumber) && !formulaLead(studentNumber)) {
      const seen = firstLine.get(studentNumber);
      if (seen !== undefined) report(`学号 ${studentNumber} 与第 ${seen} 行重复`);
      else if (options.existingNumbers?.has(studentNumber)) report(`学号 ${studentNumber} 已在本校其他学生名下`);
      else firstLine.set(studentNumber, line);
    }
    if (problems.length === 0) students.push({ studentNumber, displayName, line });
  }
  if (errors.length === 0) return { ok: true, students };
  if (errors.length <= maxListedErrors) return { ok: false, errors };
  const rest = { line: 0, message: `还有 ${errors.length - maxListedErrors} 处错误未列出` };
  return { ok: false, errors: [...errors.slice(0, maxListedErrors), rest] };
}
