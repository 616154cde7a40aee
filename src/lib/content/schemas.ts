import { z } from '../zod-zh.ts';
import { activityKinds, audienceGroups, bands, demonstrationLevels, gradeInBand, gradeRanges, lessonPhases, periodMinutes, questionTypes, topics } from '../domain/catalog.ts';

/**
 * Zod schemas for every content collection. They live apart from `content.config.ts` so the
 * unit tests can validate fixtures without Astro's virtual modules.
 */

const text = z.string().trim().min(1);
const slugId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, '只能用小写字母、数字和连字符');

const stepSchema = z.object({
  /** Exactly the text of a `##` heading of the lesson body. */
  section: text,
  phase: z.enum(lessonPhases),
  minutes: z.number().int().min(1).max(90),
});

/** A lesson in `content/lessons/<band>/<slug>.mdx`: a 教案 in the school filing format. */
export const lessonSchema = z
  .object({
    title: text.max(40),
    summary: text.max(140),
    band: z.enum(bands),
    /** School grades the lesson is for, inside the band (vocational 10-12 = 中职一至三年级). */
    grades: z.array(z.number().int()).min(1, '至少写一个年级').max(2, '一节课最多用于两个年级'),
    term: z.union([z.literal(1), z.literal(2)], { error: '学期只能是 1（上学期）或 2（下学期）' }),
    /** Place in the grade's school year: 1, 2, 3 …, unique within a grade. */
    order: z.number().int().min(1),
    /** A required lesson counts towards the year's mastery and the certificate. */
    required: z.boolean(),
    topics: z.array(z.enum(topics)).min(1),
    classHours: z.number().int().min(1).max(4),
    minutes: z.number().int().min(10).max(180),
    /** 知识 / 能力 / 情感态度价值观, in that order. */
    objectives: z.array(text).length(3, '教学目标要写 3 条：知识、能力、情感态度价值观'),
    keyPoints: z.array(text).min(1).max(3),
    difficultPoints: z.array(text).min(1).max(2),
    materials: z.array(text).min(1),
    steps: z.array(stepSchema).min(2),
    boardPlan: z.array(text).min(3).max(6),
    homework: text,
    teacherNote: text,
    /** Ids of fact-table entries (content/facts/*.yaml) the lesson relies on. */
    facts: z.array(slugId).optional(),
    quiz: slugId,
  })
  .superRefine((lesson, ctx) => {
    const problem = (message: string, path: (string | number)[]): void => {
      ctx.addIssue({ code: 'custom', message, path });
    };
    const [low, high] = gradeRanges[lesson.band];
    lesson.grades.forEach((grade, i) => {
      if (!gradeInBand(grade, lesson.band)) problem(`年级 ${grade} 不在学段 ${lesson.band} 的范围 ${low}-${high} 内`, ['grades', i]);
    });
    if (new Set(lesson.grades).size !== lesson.grades.length) problem('年级重复', ['grades']);
    if (lesson.required && lesson.grades.length !== 1) problem('必修课只能属于一个年级（选学课可以写两个）', ['grades']);
    const expected = lesson.classHours * periodMinutes(lesson.band);
    if (lesson.minutes !== expected) {
      problem(`${lesson.classHours} 课时应为 ${expected} 分钟（每课时 ${periodMinutes(lesson.band)} 分钟）`, ['minutes']);
    }
    const total = lesson.steps.reduce((sum, step) => sum + step.minutes, 0);
    if (total !== lesson.minutes) problem(`教学过程各环节合计 ${total} 分钟，应等于 minutes（${lesson.minutes} 分钟）`, ['steps']);
    const sections = lesson.steps.map((step) => step.section);
    sections.forEach((section, i) => {
      if (sections.indexOf(section) !== i) problem(`环节“${section}”重复`, ['steps', i, 'section']);
    });
  });
export type LessonData = z.infer<typeof lessonSchema>;

const optionSchema = z.object({ id: z.string().regex(/^[a-h]$/), text });

/** One question of a bank; the key and the explanation never leave the server. */
export const questionSchema = z
  .object({
    id: slugId,
    type: z.enum(questionTypes),
    stem: text,
    options: z.array(optionSchema).optional(),
    answer: z.union([z.string(), z.array(z.string()), z.boolean()]),
    explanation: text,
    topic: z.enum(topics),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  })
  .superRefine((q, ctx) => {
    const ids = (q.options ?? []).map((o) => o.id);
    const problem = (message: string, path: string): void => {
      ctx.addIssue({ code: 'custom', message, path: [path] });
    };
    if (new Set(ids).size !== ids.length) problem('选项编号重复', 'options');
    if (q.type === 'truefalse') {
      if (typeof q.answer !== 'boolean') problem('判断题的答案必须是 true 或 false', 'answer');
      if (ids.length > 0) problem('判断题不需要选项', 'options');
      return;
    }
    if (ids.length < 2) problem('选择题至少要有 2 个选项', 'options');
    if (q.type === 'single') {
      if (typeof q.answer !== 'string' || !ids.includes(q.answer)) {
        problem('单选题的答案必须是一个存在的选项编号', 'answer');
      }
    } else {
      const keys = Array.isArray(q.answer) ? q.answer : [];
      if (keys.length < 2 || new Set(keys).size !== keys.length || keys.some((k) => !ids.includes(k))) {
        problem('多选题的答案必须是 2 个以上、互不重复、存在的选项编号', 'answer');
      }
    }
  });
export type QuestionData = z.infer<typeof questionSchema>;

/** A quiz bank in `content/quizzes/<id>.yaml`. */
export const quizSchema = z
  .object({
    title: text,
    kind: z.enum(['lesson', 'contest', 'self-check']).default('lesson'),
    bands: z.array(z.enum(bands)).min(1),
    /** Questions drawn per attempt; all of them when the bank is smaller. */
    drawCount: z.number().int().min(1).default(5),
    passPercent: z.number().int().min(1).max(100).default(80),
    timeLimitMinutes: z.number().int().min(1).max(120).optional(),
    questions: z.array(questionSchema).min(1),
  })
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.questions.forEach((q, index) => {
      if (seen.has(q.id)) {
        ctx.addIssue({ code: 'custom', message: `题目编号 ${q.id} 重复`, path: ['questions', index, 'id'] });
      }
      seen.add(q.id);
    });
  });
export type QuizData = z.infer<typeof quizSchema>;

const activityKitSchema = z.object({
  kind: z.enum(activityKinds),
  title: text,
  audience: text,
  summary: text,
  steps: z.array(text).min(2),
  materials: z.array(text).min(1),
});

const posterSchema = z.object({
  title: text.max(20),
  slogan: text.max(40),
  lines: z.array(text).min(1).max(6),
  /** A picture like the lessons' (Fluent Emoji Flat icons composed at build time), with its caption. */
  picture: z.object({ items: z.array(text).min(1).max(4), caption: text.max(60), say: text.max(16).optional() }).optional(),
});

const shareSchema = z.object({
  wechat: text.max(120),
  weibo: text.max(140),
  video: text.max(200).optional(),
});

/** A campaign in `content/campaigns/<slug>.mdx` (6·3, 6·26, 全民禁毒宣传月). */
export const campaignSchema = z.object({
  title: text,
  badge: text.max(12),
  dateLabel: text,
  summary: text.max(160),
  order: z.number().int().min(0),
  timeline: z.array(z.object({ when: text, title: text, text })).min(3),
  activityKits: z
    .array(activityKitSchema)
    .length(5)
    .refine((kits) => new Set(kits.map((k) => k.kind)).size === 5, '五个一活动包必须五类各一个'),
  posters: z.array(posterSchema).min(1),
  share: shareSchema,
});
export type CampaignData = z.infer<typeof campaignSchema>;

/** A page for an adult target group in `content/audiences/<slug>.mdx`. */
export const audienceSchema = z.object({
  title: text,
  group: z.enum(audienceGroups),
  summary: text.max(160),
  order: z.number().int().min(0),
  whoFor: text,
  watchFor: z.array(text).min(3),
  lawDuties: z.array(z.object({ law: text, article: text, text })).min(1),
  actions: z.array(text).min(3),
  contacts: z.array(z.object({ name: text, how: text })).min(1),
  /** The self-check quiz bank, kind `self-check`; the course's check draws from it. */
  selfCheck: slugId,
  share: shareSchema,
  /**
   * The page as a workplace course (issue 14): minutes on a phone, questions its check draws
   * from the self-check bank (graded in Postgres), and sections (`##`) that each carry a `<Scene>`.
   */
  course: z.object({
    minutes: z.number().int().min(10).max(20),
    checkCount: z.number().int().min(5).max(8),
  }),
});
export type AudienceData = z.infer<typeof audienceSchema>;

const criterionItemSchema = z.object({
  id: slugId,
  title: text,
  points: z.number().int().min(1).max(30),
  evidence: z.array(text).min(1),
  levels: z.array(z.enum(demonstrationLevels)).min(1),
});

const criteriaAreaSchema = z.object({
  id: slugId,
  title: text,
  summary: text,
  items: z.array(criterionItemSchema).min(1),
});

/**
 * The demonstration-school criteria in `content/demonstration/<id>.yaml`: the city's draft
 * standard, which the office may edit. Pass marks are per level, out of the points of the
 * items that level is scored on.
 */
export const criteriaSchema = z
  .object({
    title: text,
    status: z.enum(['draft', 'adopted']),
    version: text,
    note: text,
    levels: z.object({
      municipal: z.object({ label: text, passScore: z.number().int().min(1), target: z.number().int().min(0) }),
      provincial: z.object({ label: text, passScore: z.number().int().min(1), target: z.number().int().min(0) }),
    }),
    areas: z.array(criteriaAreaSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const ids = c.areas.flatMap((a) => [a.id, ...a.items.map((i) => i.id)]);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `编号 ${dup} 重复`, path: ['areas'] });
    for (const level of demonstrationLevels) {
      const max = c.areas
        .flatMap((a) => a.items)
        .filter((i) => i.levels.includes(level))
        .reduce((n, i) => n + i.points, 0);
      if (c.levels[level].passScore > max) {
        ctx.addIssue({ code: 'custom', message: `达标分 ${c.levels[level].passScore} 高于满分 ${max}`, path: ['levels', level, 'passScore'] });
      }
    }
  });
export type CriteriaData = z.infer<typeof criteriaSchema>;

/** A plain page in `content/pages/<slug>.mdx` (about, privacy). */
export const pageSchema = z.object({
  title: text,
  summary: text.max(160),
  updated: z.coerce.date(),
});
export type PageData = z.infer<typeof pageSchema>;

/** A date a fact states, `YYYY-MM-DD` or `YYYY-MM`; YAML loaders may hand a day over as a Date. */
const factDate = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, '日期要写成 YYYY-MM-DD 或 YYYY-MM'),
);

/** One entry of the fact table: a law article, a date or a figure, with where it comes from. */
export const factSchema = z
  .object({
    id: slugId,
    claim: text,
    /** Full name of the law, e.g. 中华人民共和国刑法. */
    law: text.optional(),
    /** The article as the law writes it, e.g. 第三百四十七条. */
    article: z
      .string()
      .regex(/^第[零〇一二两三四五六七八九十百千\d]+条$/, '条文要写成“第…条”')
      .optional(),
    dates: z.array(factDate).optional(),
    /** Exact statute text, only where it is certain. */
    quote: text.optional(),
    source: text,
  })
  .refine((fact) => !fact.article || fact.law, { message: '写了条文（article）就要写法律名称（law）', path: ['law'] });
export type FactData = z.infer<typeof factSchema>;

/** A fact file `content/facts/<name>.yaml`: a list of entries, ids unique within the file. */
export const factFileSchema = z.array(factSchema).superRefine((facts, ctx) => {
  const seen = new Set<string>();
  facts.forEach((fact, index) => {
    if (seen.has(fact.id)) ctx.addIssue({ code: 'custom', message: `事实编号 ${fact.id} 重复`, path: [index, 'id'] });
    seen.add(fact.id);
  });
});

/** What a campaign template is, as its page labels it. */
export const templateKinds = [
  'worksheet',
  'discussion',
  'cards',
  'pledge',
  'scoring',
  'record',
  'sign-in',
  'script',
  'outline',
  'notice',
  'certificate',
  'paper',
  'reading',
] as const;
export type TemplateKind = (typeof templateKinds)[number];

/** The sheet a template prints on. */
export const templatePapers = ['a4-portrait', 'a4-landscape'] as const;
export type TemplatePaper = (typeof templatePapers)[number];

/**
 * A printable campaign template in `content/templates/<slug>.mdx` (学习单, 承诺书, 评分表 …); the
 * body is the sheet itself. `serves` names each activity kit that uses it and the words the kit
 * uses for it (`names`, exactly as they appear in the kit's materials or steps), so the campaign
 * page can link it and a test can find a kit naming a template nobody supplied.
 */
export const templateSchema = z
  .object({
    title: text.max(30),
    kind: z.enum(templateKinds),
    serves: z.array(z.object({ campaign: slugId, kit: z.enum(activityKinds), names: z.array(text).min(1) })).min(1, '至少写一个使用它的活动包'),
    audience: text.max(60),
    paper: z.enum(templatePapers),
    summary: text.max(140),
  })
  .superRefine((template, ctx) => {
    const seen = new Set<string>();
    template.serves.forEach((use, i) => {
      const key = `${use.campaign}/${use.kit}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `活动包 ${key} 重复`, path: ['serves', i, 'kit'] });
      seen.add(key);
    });
  });
export type TemplateData = z.infer<typeof templateSchema>;

/** An office field the office may leave empty until it has a verified value. */
const optionalText = z.string().trim().default('');

/**
 * Help lines and the city office's contacts in `content/contacts.yaml`, edited by the office.
 * Empty office fields are not shown, so no number is ever invented.
 */
export const contactsSchema = z.object({
  helpLines: z.array(z.object({ name: text, number: z.string().regex(/^\d{3,12}$/, '号码只能是 3-12 位数字'), use: text })).min(1),
  office: z.object({
    name: text,
    phone: optionalText.refine((v) => v === '' || /^[\d-]{7,20}$/.test(v), '电话只能写数字和连字符，例如 0000-12345678'),
    address: optionalText,
    wechat: optionalText,
    hours: optionalText,
  }),
});
export type ContactsData = z.infer<typeof contactsSchema>;

/** The five scales of an effect-evaluation survey, in the order they are asked and reported. */
export const surveyScales = ['knowledge', 'harm', 'norms', 'refusal', 'intention'] as const;
export type SurveyScale = (typeof surveyScales)[number];

const surveyItemSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, '只能用小写字母、数字和连字符，字母开头'),
  text: text.max(80),
  /** Knowledge items only: whether the statement is true (对) or false (不对). */
  key: z.boolean().optional(),
  /** Agreement scores low: the item is reverse-coded (反向计分). */
  reverse: z.boolean().default(false),
});

/**
 * An effect-evaluation instrument in `content/surveys/<id>.yaml`, one per band group. Knowledge
 * items are answered 对 / 不对 / 不知道 against a key; the other scales on `points` agreement
 * levels labelled from least to most agreement. Never asks about the pupil's or family's own use.
 */
export const surveySchema = z
  .object({
    title: text.max(40),
    /** Raised whenever an item changes, so a round keeps the wording its pupils answered. */
    version: z.number().int().min(1),
    bands: z.array(z.enum(bands)).min(1),
    points: z.union([z.literal(3), z.literal(4), z.literal(5)], { error: '选项只能是 3、4 或 5 级' }),
    /** Lower primary: three faces instead of words on the pupil's screen. */
    faces: z.boolean().default(false),
    /** The teacher reads every item aloud (lower primary). */
    readAloud: z.boolean(),
    labels: z.array(text.max(12)),
    intro: text.max(200),
    scales: z.array(z.object({ id: z.enum(surveyScales), title: text.max(20), items: z.array(surveyItemSchema).min(2, '每个维度至少 2 道题') })),
  })
  .superRefine((survey, ctx) => {
    const problem = (message: string, path: (string | number)[]): void => {
      ctx.addIssue({ code: 'custom', message, path });
    };
    if (survey.labels.length !== survey.points) problem(`要有 ${survey.points} 个选项说明，现在有 ${survey.labels.length} 个`, ['labels']);
    if (survey.faces && survey.points !== 3) problem('表情选项只用于 3 级量表', ['faces']);
    const scaleIds = survey.scales.map((s) => s.id);
    if (scaleIds.join() !== surveyScales.join()) problem(`维度必须依次是 ${surveyScales.join('、')}，各一次`, ['scales']);
    const seen = new Set<string>();
    survey.scales.forEach((scale, s) => {
      scale.items.forEach((item, i) => {
        if (seen.has(item.id)) problem(`题目编号 ${item.id} 重复`, ['scales', s, 'items', i, 'id']);
        seen.add(item.id);
        if (scale.id === 'knowledge' && item.key === undefined) problem('知识题要写答案 key（true 对 / false 不对）', ['scales', s, 'items', i, 'key']);
        if (scale.id === 'knowledge' && item.reverse) problem('知识题按答案计分，不能标反向计分', ['scales', s, 'items', i, 'reverse']);
        if (scale.id !== 'knowledge' && item.key !== undefined) problem('只有知识题有答案 key', ['scales', s, 'items', i, 'key']);
      });
    });
  });
export type SurveyData = z.infer<typeof surveySchema>;
