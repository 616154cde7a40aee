import { type Db, nullArg } from '~/lib/server/db/client';
import type { ResultRow } from '~/lib/domain/evaluation';
import { fromPostgrest } from './errors';
import { must, mustList } from './service';

/** An evaluation round as the office and the schools see it. */
export interface Round {
  roundId: string;
  schoolYear: number;
  title: string;
  bands: string[];
  preOpensAt: Date;
  preClosesAt: Date;
  postOpensAt: Date;
  postClosesAt: Date;
  seed: number;
}
interface RoundRow {
  round_id: string;
  school_year: number;
  title: string;
  bands: string[];
  pre_opens_at: string;
  pre_closes_at: string;
  post_opens_at: string;
  post_closes_at: string;
  seed: number;
}
const roundColumns = 'round_id, school_year, title, bands, pre_opens_at, pre_closes_at, post_opens_at, post_closes_at, seed';
const toRound = (r: RoundRow): Round => ({
  roundId: r.round_id,
  schoolYear: r.school_year,
  title: r.title,
  bands: r.bands,
  seed: r.seed,
  preOpensAt: new Date(r.pre_opens_at),
  preClosesAt: new Date(r.pre_closes_at),
  postOpensAt: new Date(r.post_opens_at),
  postClosesAt: new Date(r.post_closes_at),
});

/** The rounds the caller may see (RLS), newest first. */
export async function visibleRounds(db: Db): Promise<Round[]> {
  return mustList(await db.from('evaluation_rounds').select(roundColumns).order('created_at', { ascending: false }), '读取效果评估失败').map(toRound);
}

/** One round, or null when it does not exist or the caller may not see it. */
export async function roundById(db: Db, roundId: string): Promise<Round | null> {
  const row = must(await db.from('evaluation_rounds').select(roundColumns).eq('round_id', roundId).maybeSingle<RoundRow>(), '读取效果评估失败');
  return row ? toRound(row) : null;
}

/** What the office fills in to open a round. */
export interface NewRound {
  schoolYear: number;
  title: string;
  bands: string[];
  schoolIds: string[];
  preOpensAt: Date;
  preClosesAt: Date;
  postOpensAt: Date;
  postClosesAt: Date;
  seed?: number | undefined;
}

/** Opens a round and draws its classes (`public.open_evaluation_round`); returns its id. */
export async function openRound(db: Db, r: NewRound): Promise<string> {
  const { data, error } = await db.rpc('open_evaluation_round', {
    p_school_year: r.schoolYear,
    p_title: r.title,
    p_bands: r.bands,
    p_school_ids: r.schoolIds,
    p_pre_opens_at: r.preOpensAt.toISOString(),
    p_pre_closes_at: r.preClosesAt.toISOString(),
    p_post_opens_at: r.postOpensAt.toISOString(),
    p_post_closes_at: r.postClosesAt.toISOString(),
    p_seed: nullArg(r.seed),
  });
  if (error) throw fromPostgrest(error, '开启效果评估失败');
  return data;
}

/** A class's part in a round: its arm, windows, what its teacher released and how many answered. */
export interface ClassRound {
  round: Round;
  arm: 'pretest' | 'posttest_only';
  surveyId: string;
  preReleased: boolean;
  postReleased: boolean;
  counts: { pre: number; post: number };
}

/** The rounds a class takes part in, for its teachers and school admin. */
export async function classRounds(db: Db, classId: string): Promise<ClassRound[]> {
  const rows = mustList(
    await db.from('evaluation_classes').select(`arm, survey_id, pre_released_at, post_released_at, round:evaluation_rounds(${roundColumns})`).eq('class_id', classId),
    '读取效果评估失败',
  );
  return Promise.all(
    rows.map(async (r) => {
      const { data, error } = await db.rpc('evaluation_class_counts', { p_round_id: r.round.round_id, p_class_id: classId });
      if (error) throw fromPostgrest(error, '读取作答人数失败');
      const counts = Object.fromEntries((data as { phase: string; responses: number }[]).map((c) => [c.phase, c.responses]));
      return {
        round: toRound(r.round),
        arm: r.arm as ClassRound['arm'],
        surveyId: r.survey_id,
        preReleased: r.pre_released_at !== null,
        postReleased: r.post_released_at !== null,
        counts: { pre: counts['pre'] ?? 0, post: counts['post'] ?? 0 },
      };
    }),
  );
}

/** A teacher releases a phase of the survey to the class's phones. */
export async function releaseSurvey(db: Db, roundId: string, classId: string, phase: 'pre' | 'post'): Promise<void> {
  const { error } = await db.rpc('release_evaluation_survey', { p_round_id: roundId, p_class_id: classId, p_phase: phase });
  if (error) throw fromPostgrest(error, '发布问卷失败');
}

/** A survey a pupil's class has now or soon. */
export interface PupilSurvey {
  roundId: string;
  title: string;
  classId: string;
  phase: 'pre' | 'post';
  surveyId: string;
  surveyVersion: number;
  opensAt: Date;
  closesAt: Date;
  released: boolean;
  answered: boolean;
}

/** The caller's (a pupil's) surveys in open or coming windows. */
export async function mySurveys(db: Db): Promise<PupilSurvey[]> {
  const { data, error } = await db.rpc('my_evaluation_surveys');
  if (error) throw fromPostgrest(error, '读取问卷失败');
  return (
    data as {
      round_id: string;
      title: string;
      class_id: string;
      phase: 'pre' | 'post';
      survey_id: string;
      survey_version: number;
      opens_at: string;
      closes_at: string;
      released: boolean;
      answered: boolean;
    }[]
  ).map((r) => ({
    roundId: r.round_id,
    title: r.title,
    classId: r.class_id,
    phase: r.phase,
    surveyId: r.survey_id,
    surveyVersion: r.survey_version,
    opensAt: new Date(r.opens_at),
    closesAt: new Date(r.closes_at),
    released: r.released,
    answered: r.answered,
  }));
}

/** Stores a pupil's answers anonymously (`public.submit_evaluation_response` decides every rule). */
export async function submitSurvey(db: Db, input: { roundId: string; classId: string; phase: 'pre' | 'post'; answers: Record<string, number> }): Promise<void> {
  const { error } = await db.rpc('submit_evaluation_response', { p_round_id: input.roundId, p_class_id: input.classId, p_phase: input.phase, p_answers: input.answers });
  if (error) throw fromPostgrest(error, '提交问卷失败');
}

/** The aggregate cells of a round the caller may see (office: the city; a school admin: their school). */
export async function roundResults(db: Db, roundId: string): Promise<ResultRow[]> {
  const { data, error } = await db.rpc('evaluation_results', { p_round_id: roundId });
  if (error) throw fromPostgrest(error, '读取评估结果失败');
  return (
    data as {
      dimension: ResultRow['dimension'];
      group_key: string;
      parent_key: string;
      sample: ResultRow['sample'];
      responses: number;
      withheld: ResultRow['withheld'];
      scale: ResultRow['scale'];
      mean: number | null;
      sd: number | null;
    }[]
  ).map((r) => ({
    dimension: r.dimension,
    groupKey: r.group_key,
    parentKey: r.parent_key,
    sample: r.sample,
    responses: r.responses,
    withheld: r.withheld,
    scale: r.scale,
    mean: r.mean,
    sd: r.sd,
  }));
}
