import { t } from '../../i18n/index.ts';
import type { LessonData } from './schemas.ts';
import { listItems, textOf, type Block } from './html-blocks.ts';
import { lessonSections, type LessonSection, type LessonStep } from './lesson-sections.ts';
import { besideLine, blockLines, paginate, slideLines, wideLine } from './slide-fit.ts';

/**
 * The presenter view's slides, built from a lesson's own rendered MDX and frontmatter: a title slide
 * with the objectives, one slide per `##` section (a long one continues on a second), one slide per
 * numbered step of an activity, its cards (without the answers), the summary and the home task.
 * Pages render the same list: the presenter view, its notes window and the live class's projector.
 */

/** What a slide shows; the page styles each kind. */
export type SlideKind = 'title' | 'section' | 'step' | 'cards' | 'homework';

/**
 * How a slide is laid out: `split` a picture beside the text, `stack` a picture over a line or
 * two, `picture` a picture alone, `text` text across the slide.
 */
export type SlideLayout = 'split' | 'stack' | 'picture' | 'text';

export interface Slide {
  kind: SlideKind;
  layout: SlideLayout;
  /** The heading as text. */
  heading: string;
  /** The `##` section the slide belongs to ('' for the title and the home task). */
  section: string;
  /** The section's step in the frontmatter: its phase and minutes (the section's timer). */
  step: LessonStep | undefined;
  /** A numbered activity step: its number, how many there are, and its own minutes if it names them. */
  activityStep?: { n: number; of: number; minutes: number | undefined };
  /** Page n of m of a section too long for one slide. */
  part?: { n: number; of: number };
  /** The picture (`<figure class="scene">…</figure>`). */
  scene: string | undefined;
  /** The body, as HTML from the lesson (or escaped frontmatter text). */
  body: string;
  /** The teacher's notes for the slide: answer tables and hints, as HTML. Never on the projector. */
  notes: string[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Minutes a numbered step names for itself: “小剧场（5分钟）”, “8分钟：轮流读卡”. */
export function stepMinutes(text: string): number | undefined {
  const m = /(\d+)\s*分钟/.exec(textOf(text));
  return m ? Number(m[1]) : undefined;
}

type Base = Pick<Slide, 'section' | 'step' | 'notes'> & { heading: string };

/** A section's text slides: the picture beside (or over) its first page, the rest across. */
function textSlides(base: Base, scene: string | undefined, blocks: readonly Block[], kind: SlideKind): Slide[] {
  if (blocks.length === 0) return [{ ...base, kind, layout: scene ? 'picture' : 'text', scene, body: '' }];
  const wideLines = blocks.reduce((n, b) => n + blockLines(b, wideLine), 0);
  const short = scene !== undefined && wideLines <= 2.5;
  const pages = paginate(blocks, scene && !short ? besideLine : wideLine);
  return pages.map((page, i) => ({
    ...base,
    kind,
    layout: i === 0 && scene ? (short ? 'stack' : 'split') : 'text',
    scene: i === 0 ? scene : undefined,
    body: page.map((b) => b.html).join('\n'),
    ...(pages.length > 1 ? { part: { n: i + 1, of: pages.length } } : {}),
  }));
}

/** The slides of a numbered list in an activity: one per step, the whole list with that step marked. */
function stepSlides(base: Base, lead: Block | undefined, list: Block): Slide[] {
  const items = listItems(list.html);
  const start = Number(/\bstart="(\d+)"/.exec(list.html)?.[1] ?? 1);
  const leadLines = lead ? blockLines(lead, wideLine) : 0;
  const whole = leadLines + blockLines(list, wideLine) <= slideLines;
  return items.map((item, i) => {
    const li = (html: string, j: number): string => `<li${j === i ? ' class="current" aria-current="step"' : ''}>${html}</li>`;
    const listHtml = whole
      ? `<ol class="steps"${start !== 1 ? ` start="${start}"` : ''}>${items.map(li).join('')}</ol>`
      : `<ol class="steps one" start="${start + i}">${li(item, i)}</ol>`;
    return {
      ...base,
      kind: 'step',
      layout: 'text',
      scene: undefined,
      body: `${lead?.html ?? ''}\n${listHtml}`,
      activityStep: { n: start + i, of: start + items.length - 1, minutes: stepMinutes(item) },
    };
  });
}

/** A lead-in line for a list: a short paragraph ending in a colon or naming a step (第一步：…). */
function isLead(block: Block | undefined): boolean {
  if (block?.tag !== 'p') return false;
  const text = textOf(block.html);
  return text.length <= 40 && (/[：:]$/.test(text) || /^第.步/.test(text));
}

/** An activity section: its opening (picture and set-up) and text, its numbered steps, its cards. */
function activitySlides(base: Base, section: LessonSection): Slide[] {
  const slides: Slide[] = [];
  let run: Block[] = [];
  let scene = section.scene;
  const flushText = (): void => {
    if (run.length > 0 || scene) slides.push(...textSlides(base, scene, run, 'section'));
    run = [];
    scene = undefined;
  };
  section.blocks.forEach((block) => {
    if (block.tag === 'ol') {
      const lead = isLead(run.at(-1)) ? run.pop() : undefined;
      flushText();
      slides.push(...stepSlides(base, lead, block));
    } else if (block.tag === 'table') {
      const lead = isLead(run.at(-1)) ? run.pop() : undefined;
      flushText();
      const cards = paginate(lead ? [lead, block] : [block], wideLine);
      slides.push(
        ...cards.map(
          (page, j): Slide => ({
            ...base,
            kind: 'cards',
            layout: 'text',
            scene: undefined,
            body: page.map((b) => b.html).join('\n'),
            ...(cards.length > 1 ? { part: { n: j + 1, of: cards.length } } : {}),
          }),
        ),
      );
    } else run.push(block);
  });
  flushText();
  return slides;
}

/** The title slide: the lesson's title, grades and objectives. */
function titleSlide(data: LessonData, meta: string): Slide {
  const objectives = data.objectives.map((o) => `<li>${escapeHtml(o)}</li>`).join('');
  return {
    kind: 'title',
    layout: 'text',
    heading: data.title,
    section: '',
    step: undefined,
    scene: undefined,
    body: `<p class="meta">${escapeHtml(meta)}</p><h3>${escapeHtml(t('classroom.objectives'))}</h3><ol class="objectives">${objectives}</ol>`,
    notes: [],
  };
}

/**
 * The slides of a lesson from its rendered body (the MDX `Content` rendered with the `Scene`
 * component) and its frontmatter. `meta` is the line under the title (grades, term, hours).
 */
export function buildSlides(html: string, data: LessonData, meta: string): Slide[] {
  const slides: Slide[] = [titleSlide(data, meta)];
  for (const section of lessonSections(html, data.steps)) {
    const base: Base = { heading: section.heading, section: section.heading, step: section.step, notes: section.answers };
    slides.push(...(section.activity ? activitySlides(base, section) : textSlides(base, section.scene, section.blocks, 'section')));
  }
  slides.push({
    kind: 'homework',
    layout: 'text',
    heading: t('classroom.homework'),
    section: '',
    step: undefined,
    scene: undefined,
    body: `<p>${escapeHtml(data.homework)}</p>`,
    notes: [],
  });
  return slides;
}
