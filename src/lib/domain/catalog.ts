/**
 * The fixed vocabularies the content and the database share: grade bands, lesson topics,
 * campaign keys, adult target groups and the 五个一 activity kinds. Keys are English and
 * stable; labels live in `src/i18n`.
 */

/** Grade bands of 《中小学生毒品预防专题教育大纲》, youngest first. */
export const bands = ['primary-lower', 'primary-middle', 'primary-upper', 'junior', 'senior', 'vocational'] as const;
export type Band = (typeof bands)[number];

/** The contest level a band belongs to (小学组 / 中学组). */
export function contestLevel(band: Band): 'primary' | 'secondary' {
  return band.startsWith('primary') ? 'primary' : 'secondary';
}

/** Minutes in one class hour (课时): 40 in primary school, 45 in secondary. */
export function periodMinutes(band: Band): 40 | 45 {
  return contestLevel(band) === 'primary' ? 40 : 45;
}

/**
 * The school grades a band's lessons may name. Vocational lessons use 10-12 for 中职一至三年级.
 * @example gradeRange('primary-middle') // [3, 4]
 */
export const gradeRanges: Readonly<Record<Band, readonly [number, number]>> = {
  'primary-lower': [1, 2],
  'primary-middle': [3, 4],
  'primary-upper': [5, 6],
  junior: [7, 9],
  senior: [10, 12],
  vocational: [10, 12],
};

/** Whether `grade` lies inside the band's range. */
export function gradeInBand(grade: number, band: Band): boolean {
  const [low, high] = gradeRanges[band];
  return Number.isInteger(grade) && grade >= low && grade <= high;
}

/** Terms of the school year: 1 = 上学期 (autumn), 2 = 下学期 (spring). */
export const terms = [1, 2] as const;
export type Term = (typeof terms)[number];

/** The phases of a lesson plan's 教学过程, in the order a lesson usually runs. */
export const lessonPhases = ['导入', '新授', '活动', '小结', '作业'] as const;
export type LessonPhase = (typeof lessonPhases)[number];

/** Topics a lesson or a question can be filed under. */
export const topics = [
  'harms',
  'drug-types',
  'new-drugs',
  'disguised-drugs',
  'refusal',
  'help-seeking',
  'law',
  'peer-pressure',
  'myths',
  'family',
  'workplace',
  'nightlife',
  'history',
  'poppy',
  'reporting',
  'health',
  'vaping',
  'medicines',
  'online',
  'emotions',
  'aids',
  'trafficking',
  'helping',
] as const;
export type Topic = (typeof topics)[number];

/** Question types a quiz bank may hold. */
export const questionTypes = ['single', 'multiple', 'truefalse'] as const;
export type QuestionType = (typeof questionTypes)[number];

/** The 五个一 activities of a campaign: an exhibition, a film, a lesson, an essay, a class meeting. */
export const activityKinds = ['exhibition', 'film', 'lesson', 'essay', 'class-meeting'] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** Adult target groups of the action plan, section 二(四)2, plus families. */
export const audienceGroups = ['migrant-workers', 'logistics', 'entertainment', 'transport', 'precursor-chemicals', 'families'] as const;
export type AudienceGroup = (typeof audienceGroups)[number];

/** Demonstration-school levels: 市级 and 省级. */
export const demonstrationLevels = ['municipal', 'provincial'] as const;
export type DemonstrationLevel = (typeof demonstrationLevels)[number];

/**
 * The band a class studies, from its grade (1-12) and its school's stage; vocational schools
 * teach the vocational band whatever the grade. SQL `private.band_for` says the same
 * (parity-tested in supabase/tests/one-owner.sql.test.ts).
 * @example bandForGrade(4, 'primary') // 'primary-middle'
 */
export function bandForGrade(grade: number, stage: string): Band {
  if (stage === 'vocational') return 'vocational';
  if (grade <= 2) return 'primary-lower';
  if (grade <= 4) return 'primary-middle';
  if (grade <= 6) return 'primary-upper';
  if (grade <= 9) return 'junior';
  return 'senior';
}
