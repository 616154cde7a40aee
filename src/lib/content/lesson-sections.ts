import type { LessonPhase } from '../domain/catalog.ts';
import { parseTable, tableHtml, textOf, topLevelBlocks, type Block } from './html-blocks.ts';

/**
 * A lesson's rendered body cut at its `##` headings, each section matched to its step of the
 * frontmatter, with the teacher's part taken out: the answer columns of the activity's card tables
 * and the “教师提示” paragraphs. The presenter view, its notes window and the lesson plan all read
 * the lesson through this, so none of them keeps a second copy of the text.
 */

/** A step of the frontmatter's 教学过程. */
export interface LessonStep {
  section: string;
  phase: LessonPhase;
  minutes: number;
}

/** One `##` section of a lesson. */
export interface LessonSection {
  heading: string;
  /** Its entry in `steps` (matched by heading text, else by position). */
  step: LessonStep | undefined;
  /** Whether it is an activity (phase 活动, or a heading that starts with 活动). */
  activity: boolean;
  /** The section's first picture (`<figure class="scene">`), if any. */
  scene: string | undefined;
  /** What the class may see, in order: answer columns dropped, teacher's hints taken out. */
  blocks: Block[];
  /** The teacher's part, in order: answer tables (each with the card column) and hint paragraphs. */
  answers: string[];
}

/** Whether a paragraph is addressed to the teacher: it opens with a bold label naming 教师 or 老师. */
export function isTeacherHint(block: Block): boolean {
  if (block.tag !== 'p') return false;
  const m = /^<p>\s*<strong>([\s\S]*?)<\/strong>/.exec(block.html);
  return m !== null && /教师|老师/.test(textOf(m[1] ?? ''));
}

/**
 * Whether a column of an activity's card table holds what the teacher checks the class against
 * (答案, 参考, 要点, 真相, 可以这样说, 举什么牌 …) rather than what is printed on the cards.
 * @example isAnswerHeader('拒绝示范（教师参考）') // true
 * @example isAnswerHeader('情景') // false
 */
export function isAnswerHeader(header: string): boolean {
  return /答案|参考|教师|老师|要点|思路|真相|可以这样|举什么|哪个篮子|对应套路|好决定/.test(textOf(header));
}

/** Splits an activity's table into what the class sees and the answer columns (with the first column). */
function splitTable(block: Block): { shown: Block; answer: string | undefined } {
  const table = parseTable(block.html);
  const answerCols = table.head.flatMap((h, i) => (i > 0 && isAnswerHeader(h) ? [i] : []));
  if (answerCols.length === 0) return { shown: block, answer: undefined };
  const shownCols = table.head.flatMap((_, i) => (answerCols.includes(i) ? [] : [i]));
  return { shown: { tag: 'table', html: tableHtml(table, shownCols) }, answer: tableHtml(table, [0, ...answerCols]) };
}

const isScene = (block: Block): boolean => block.tag === 'figure' && /^<figure\b[^>]*class="scene"/.test(block.html);

/**
 * Cuts a lesson's rendered HTML into its `##` sections. Anything before the first `##` is dropped
 * (the lesson format has none).
 * @example lessonSections('<h2>导入</h2><p>…</p>', [{ section: '导入', phase: '导入', minutes: 5 }])[0].step.minutes // 5
 */
export function lessonSections(html: string, steps: readonly LessonStep[]): LessonSection[] {
  const groups: { heading: string; blocks: Block[] }[] = [];
  for (const block of topLevelBlocks(html)) {
    if (block.tag === 'h2') groups.push({ heading: textOf(block.html), blocks: [] });
    else groups.at(-1)?.blocks.push(block);
  }
  return groups.map(({ heading, blocks }, i) => {
    const step = steps.find((s) => s.section === heading) ?? steps[i];
    const activity = step?.phase === '活动' || heading.startsWith('活动');
    const sceneIndex = blocks.findIndex(isScene);
    const shown: Block[] = [];
    const answers: string[] = [];
    // A hint may run over several short paragraphs (lower primary lessons write one sentence a
    // paragraph): the paragraphs right after it are the hint's too.
    let inHint = false;
    blocks.forEach((block, j) => {
      if (j === sceneIndex) return;
      inHint = isTeacherHint(block) || (inHint && block.tag === 'p');
      if (inHint) answers.push(block.html);
      else if (activity && block.tag === 'table') {
        const { shown: visible, answer } = splitTable(block);
        shown.push(visible);
        if (answer) answers.push(answer);
      } else shown.push(block);
    });
    // The figure's inline width (for the lesson page's column) would be refused by the CSP; slides size pictures themselves.
    const scene = sceneIndex >= 0 ? blocks[sceneIndex]?.html.replace(/^(<figure\b[^>]*?)\sstyle="[^"]*"/, '$1') : undefined;
    return { heading, step, activity, scene, blocks: shown, answers };
  });
}
