import type { Db } from '~/lib/server/db/client';
import { DomainError } from './errors';

/** A district with its schools counted, for the office's list. */
export interface District {
  districtId: string;
  name: string;
  schools: number;
}

/** Districts A–Z with how many schools each has (readable by anyone). */
export async function districts(db: Db): Promise<District[]> {
  const { data, error } = await db.from('districts').select('district_id, name, schools(count)').order('name');
  if (error) throw new Error(`读取区失败: ${error.message}`);
  return (data ?? []).map((d) => ({
    districtId: d.district_id,
    name: d.name,
    schools: d.schools[0]?.count ?? 0,
  }));
}

/** Adds a district (RLS: the office only); a name already used is a conflict. */
export async function addDistrict(db: Db, name: string): Promise<string> {
  const { data, error } = await db.from('districts').insert({ name }).select('district_id').single<{ district_id: string }>();
  if (error?.code === '23505') throw new DomainError('CONFLICT', `已经有名为“${name}”的区`);
  if (error?.code === '42501') throw new DomainError('FORBIDDEN', '只有市禁毒办可以添加区');
  if (error) throw new Error(`添加区失败: ${error.message}`);
  return data.district_id;
}

/** The stages a school can have, as the schools table allows them. */
export const schoolStages = ['primary', 'junior', 'senior', 'vocational', 'nine-year', 'complete'] as const;

/** Adds a school (RLS: the office only); its code is how pupils sign in, so it must be unique. */
export async function addSchool(db: Db, input: { districtId: string; code: string; name: string; stage: (typeof schoolStages)[number] }): Promise<string> {
  const { data, error } = await db
    .from('schools')
    .insert({ district_id: input.districtId, code: input.code, name: input.name, stage: input.stage })
    .select('school_id')
    .single<{ school_id: string }>();
  if (error?.code === '23505') throw new DomainError('CONFLICT', `学校代码 ${input.code} 已被其他学校使用`);
  if (error?.code === '23503') throw new DomainError('BAD_REQUEST', '请选择已有的区');
  if (error?.code === '42501') throw new DomainError('FORBIDDEN', '只有市禁毒办可以添加学校');
  if (error) throw new Error(`添加学校失败: ${error.message}`);
  return data.school_id;
}
