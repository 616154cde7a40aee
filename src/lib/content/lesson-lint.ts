import { parse } from 'yaml';
import { bands, contestLevel, type Band } from '../domain/catalog.ts';
import { unsupportedMentions, type FactLike } from './citations.ts';
import { formatIssues } from './format-issues.ts';
import { hasIcon, isBannedIcon } from './icons.ts';
import { headings, proseText, scenes, splitFrontmatter } from './mdx.ts';
import { lessonSchema, quizSchema, type LessonData, type QuizData } from './schemas.ts';

/**
 * The editorial checks of LESSON-SPEC.md beyond the zod schemas: sections against steps,
 * pictures, quiz-bank balance, Chinese typography and the fact table. Errors must be fixed;
 * warnings are for the writer's judgement. Used by `/work/check-lessons.mjs` and the tests.
 */

export interface LintResult {
  errors: string[];
  warnings: string[];
}

/** A quiz bank as read from `content/quizzes/<id>.yaml`. */
export interface QuizFile {
  id: string;
  file: string;
  /** The parsed YAML, before validation. */
  raw: unknown;
}

const sceneSayMax = 16;
const hanLength: Record<Band, [number, number]> = {
  'primary-lower': [400, 800],
  'primary-middle': [600, 1000],
  'primary-upper': [800, 1200],
  junior: [1000, 1600],
  senior: [1000, 1600],
  vocational: [1000, 1600],
};
const idPrefix: Record<Band, string> = {
  'primary-lower': 'pl',
  'primary-middle': 'pm',
  'primary-upper': 'pu',
  junior: 'jr',
  senior: 'sr',
  vocational: 'vc',
};

const han = /\p{Script=Han}/gu;
const countHan = (s: string): number => (s.match(han) ?? []).length;

/** Typography faults of one piece of Chinese text: half-width quotes, spaces around digits, bold punctuation. */
export function typographyProblems(text: string): string[] {
  const problems: string[] = [];
  if (/\p{Script=Han}/u.test(text) && /"[^"\n]*\p{Script=Han}[^"\n]*"/u.test(text)) problems.push('用了半角引号 "…"，中文要用“…”');
  const spaced = /\p{Script=Han}[ \t]+\**\d|\d\**[ \t]+\p{Script=Han}/u.exec(text);
  if (spaced) problems.push(`汉字和数字之间有空格：“${spaced[0]}”`);
  const bold = /\*\*[^*\n]*[：，。；！？]\*\*/u.exec(text);
  if (bold) problems.push(`标点放在了粗体里：“${bold[0]}”，应写成 **提示**：`);
  return problems;
}

/** Checks one quiz bank on its own: schema, size, difficulty spread, keys, multiple choice, typography. */
export function lintQuiz(quiz: QuizFile, band?: Band): LintResult & { data?: QuizData } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const parsed = quizSchema.safeParse(quiz.raw);
  if (!parsed.success) return { errors: [formatIssues(quiz.file, parsed.error)], warnings };
  const data = parsed.data;
  const qs = data.questions;
  if (qs.length < 10) errors.push(`${quiz.file}: 题库只有 ${qs.length} 题，至少要 10 题`);
  else if (qs.length < 12) warnings.push(`${quiz.file}: 题库有 ${qs.length} 题，建议至少 12 题`);
  const hard = qs.filter((q) => q.difficulty === 3).length;
  const easy = qs.filter((q) => q.difficulty === 1).length;
  if (hard < 2) warnings.push(`${quiz.file}: 难度 3 的题只有 ${hard} 道，建议约 3 道`);
  if (easy > qs.length / 2) warnings.push(`${quiz.file}: 难度 1 的题有 ${easy} 道，超过一半`);
  const singles = qs.filter((q) => q.type === 'single');
  if (singles.length >= 5) {
    const counts = new Map<string, number>();
    for (const q of singles) counts.set(String(q.answer), (counts.get(String(q.answer)) ?? 0) + 1);
    for (const [key, n] of counts) {
      if (n / singles.length > 0.4) warnings.push(`${quiz.file}: ${singles.length} 道单选题中有 ${n} 道答案是 ${key}，超过 40%，请把答案分散到各个位置`);
    }
  }
  const tf = qs.filter((q) => q.type === 'truefalse');
  const trues = tf.filter((q) => q.answer === true).length;
  if (tf.length >= 4 && (trues / tf.length > 0.75 || trues / tf.length < 0.25)) {
    warnings.push(`${quiz.file}: ${tf.length} 道判断题中 ${trues} 道答案为“对”，对错最好各占一半左右`);
  }
  qs.forEach((q, i) => {
    const where = `${quiz.file}: questions.${i}（${q.id}）`;
    if (q.type === 'multiple') {
      const wrong = (q.options?.length ?? 0) - (Array.isArray(q.answer) ? q.answer.length : 0);
      if (wrong < 2) errors.push(`${where}: 多选题只有 ${wrong} 个错误选项，至少要 2 个似是而非的错误选项`);
      if (!q.stem.trim().endsWith('（多选）')) warnings.push(`${where}: 多选题的题干应以“（多选）”结尾`);
      if (band === 'primary-lower') warnings.push(`${where}: 小学1-2年级不宜出多选题`);
    }
    if (band && !q.id.startsWith(`${idPrefix[band]}-`)) warnings.push(`${where}: 题目编号应以 ${idPrefix[band]}- 开头`);
    if (band === 'primary-lower' && countHan(q.stem) > 20) warnings.push(`${where}: 题干 ${countHan(q.stem)} 个字，小学1-2年级要读给学生听，不超过 20 字`);
    const texts = [q.stem, q.explanation, ...(q.options ?? []).map((o) => o.text)];
    for (const text of texts) for (const p of typographyProblems(text)) warnings.push(`${where}: ${p}`);
  });
  if (band && !data.bands.includes(band)) warnings.push(`${quiz.file}: bands 里没有本课的学段 ${band}`);
  return { errors, warnings, data };
}

/**
 * The text of a bank that states facts: stems, explanations and correct options. Wrong options
 * and the stems of true/false questions answered “错” state misconceptions on purpose.
 */
export function quizFactText(quiz: QuizData): string {
  return quiz.questions
    .flatMap((q) => {
      const keys = Array.isArray(q.answer) ? q.answer : [q.answer];
      const right = (q.options ?? []).filter((o) => keys.includes(o.id)).map((o) => o.text);
      const stem = q.type === 'truefalse' && q.answer === false ? [] : [q.stem];
      return [...stem, q.explanation, ...right];
    })
    .join('\n');
}

/** What a lesson check needs beyond the file: the fact table and every quiz bank. */
export interface LintContext {
  facts: readonly FactLike[];
  quizzes: ReadonlyMap<string, QuizFile>;
}

/** Checks one lesson file and its quiz bank. */
export function lintLesson(file: string, source: string, context: LintContext): LintResult & { data?: LessonData; quizId?: string } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const { front, body } = splitFrontmatter(source);
  let raw: unknown;
  try {
    raw = parse(front);
  } catch (error) {
    return { errors: [`${file}: 头部（frontmatter）不是合法的 YAML：${(error as Error).message}`], warnings };
  }
  const parsed = lessonSchema.safeParse(raw);
  if (!parsed.success) errors.push(formatIssues(file, parsed.error));
  const data = parsed.success ? parsed.data : undefined;
  // When the frontmatter has faults, the checks below still run on whatever fields are usable.
  const loose = (raw ?? {}) as Partial<Record<keyof LessonData, unknown>>;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const band = bands.find((b) => b === loose.band);
  const folder = file.split('/').at(-2);
  if (band && folder && folder !== band && file.includes('lessons/')) errors.push(`${file}: band 是 ${band}，但文件放在 ${folder}/ 目录下`);

  const all = headings(body);
  for (const h of all.filter((x) => x.level === 1)) errors.push(`${file}: 正文第 ${h.line} 行用了一级标题“# ${h.text}”，只用 ## 标题`);
  const sections = all.filter((h) => h.level === 2).map((h) => h.text);
  const steps = (Array.isArray(loose.steps) ? loose.steps : []).map((s: { section?: unknown } | null) => String(s?.section ?? ''));
  steps.forEach((s, i) => {
    if (!sections.includes(s)) errors.push(`${file}: steps.${i}.section “${s}”不是正文里的 ## 标题`);
  });
  for (const s of sections) if (!steps.includes(s)) errors.push(`${file}: 正文标题“## ${s}”在 steps 里没有对应的环节`);
  const inBoth = sections.filter((s) => steps.includes(s));
  if (inBoth.join('\n') !== steps.filter((s) => sections.includes(s)).join('\n')) errors.push(`${file}: steps 的顺序和正文 ## 标题的顺序不一致`);
  if (sections.length > 0) {
    if (!sections[0]?.startsWith('导入')) warnings.push(`${file}: 第一个 ## 标题应是“导入：…”`);
    if (!sections.some((s) => s.startsWith('活动'))) warnings.push(`${file}: 没有“## 活动：…”环节`);
    if (!sections.some((s) => s.startsWith('小结'))) warnings.push(`${file}: 没有“## 小结”`);
  }

  const pictures = scenes(body);
  pictures.forEach((scene) => {
    const where = `${file}: 正文第 ${scene.line} 行的 <Scene>`;
    if (!scene.items || scene.items.length === 0) errors.push(`${where}: 缺少 items={["…"]}`);
    else if (scene.items.length > 4) errors.push(`${where}: items 最多 4 个图标，现在 ${scene.items.length} 个`);
    for (const name of scene.items ?? []) {
      if (isBannedIcon(name)) errors.push(`${where}: 图标 ${name} 会吓到学生，不能用`);
      else if (!hasIcon(name)) errors.push(`${where}: 图标 ${name} 不在 Fluent Emoji Flat 里（见 /work/icon-names.txt）`);
    }
    if (!scene.caption?.trim()) errors.push(`${where}: 缺少 caption（图的中文说明，也是读屏文字）`);
    if (scene.say !== undefined && [...scene.say].length > sceneSayMax) errors.push(`${where}: say “${scene.say}”有 ${[...scene.say].length} 个字，最多 ${sceneSayMax} 个`);
    if (!scene.ownLine) warnings.push(`${where}: <Scene … /> 要单独占一行，前后各空一行`);
  });
  if (band && contestLevel(band) === 'primary') {
    for (const s of sections) if (!pictures.some((p) => p.section === s)) errors.push(`${file}: “## ${s}”这一节没有 <Scene>（小学每一节都要有图）`);
  } else if (band && pictures.length < 2) {
    errors.push(`${file}: 只有 ${pictures.length} 个 <Scene>，初中、高中、中职每课至少 2 个（导入和活动）`);
  }

  const prose = proseText(body);
  if (band) {
    const n = countHan(prose);
    const [low, high] = hanLength[band];
    if (n < low || n > high) warnings.push(`${file}: 正文 ${n} 个汉字，这个学段建议 ${low}-${high} 字`);
  }
  if (band === 'primary-lower') {
    const long = prose
      .split(/[。！？；\n]/u)
      .map((s) => s.replace(/^[#>\-*\d.\s|]+/u, '').trim())
      .filter((s) => countHan(s) > 15);
    if (long.length > 0) warnings.push(`${file}: ${long.length} 个句子超过 15 个字，例如“${long.slice(0, 3).join('”“')}”`);
  }
  for (const p of typographyProblems(prose)) warnings.push(`${file}: ${p}`);
  if (!/(家人|亲人|家里人|亲属|家长)/u.test(str(loose.teacherNote))) {
    warnings.push(`${file}: teacherNote 要写学生说出家人吸毒或贩毒时老师怎么做`);
  }

  const frontText = [loose.title, loose.summary, loose.homework, loose.teacherNote].map(str);
  const frontLists = [loose.objectives, loose.keyPoints, loose.difficultPoints, loose.boardPlan].flatMap(strs);
  const factText = [prose, ...frontText, ...frontLists].join('\n');
  for (const p of unsupportedMentions(factText, context.facts)) errors.push(`${file}: ${p}`);
  const factIds = new Set(context.facts.map((f) => f.id));
  for (const id of strs(loose.facts)) if (!factIds.has(id)) errors.push(`${file}: facts 里的 ${id} 在事实表（content/facts/*.yaml）里没有`);

  const quizId = str(loose.quiz);
  if (quizId) {
    const quiz = context.quizzes.get(quizId);
    if (!quiz) errors.push(`${file}: quiz: 题库 content/quizzes/${quizId}.yaml 不存在`);
    else {
      const result = lintQuiz(quiz, band);
      errors.push(...result.errors);
      warnings.push(...result.warnings);
      if (result.data) for (const p of unsupportedMentions(quizFactText(result.data), context.facts)) errors.push(`${quiz.file}: ${p}`);
    }
  }
  return { errors, warnings, ...(data ? { data } : {}), ...(quizId ? { quizId } : {}) };
}

/** Question ids used by more than one bank, with the files that use each. */
export function duplicateQuestionIds(quizzes: Iterable<QuizFile>): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const quiz of quizzes) {
    const questions = (quiz.raw as { questions?: { id?: unknown }[] } | null)?.questions ?? [];
    for (const q of Array.isArray(questions) ? questions : []) {
      if (typeof q?.id !== 'string') continue;
      seen.set(q.id, [...(seen.get(q.id) ?? []), quiz.file]);
    }
  }
  return new Map([...seen].filter(([, files]) => new Set(files).size > 1 || files.length > 1));
}
