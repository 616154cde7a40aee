import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database, Json } from '~/lib/database.types';
import { fromPostgrest } from './errors';

/** A supabase-js client typed by the generated schema (src/lib/database.types.ts, `npm run gen:types`). */
export type Db = SupabaseClient<Database>;

type Functions = Database['public']['Functions'];
/** The public functions PostgREST exposes, by name. */
export type FunctionName = keyof Functions;
/** A function's arguments as the generator types them. */
export type FunctionArgs<F extends FunctionName> = Functions[F]['Args'];
/** A function's result as the generator types it. */
export type FunctionResult<F extends FunctionName> = Functions[F]['Returns'];

/**
 * Calls a public function (by GET with `{ get: true }`, for a read-only one: PostgREST then takes
 * the arguments from the URL instead of parsing a body); a refusal (the SQLSTATEs of errors.ts) becomes a DomainError carrying
 * the database's Chinese message, anything else an Error naming `what`.
 * @example const id = await rpc(db, 'create_class', { p_grade: 7, p_school_year: 2026, p_name: '1班' }, '建班失败')
 */
export async function rpc<F extends FunctionName>(db: Db, fn: F, args: FunctionArgs<F>, what: string, options?: { get: true }): Promise<FunctionResult<F>> {
  const { data, error } = await db.rpc(fn, args, options);
  if (error) throw fromPostgrest(error, what);
  return data as FunctionResult<F>;
}

/**
 * Like `rpc`, for functions that return `jsonb`, which the generator can only type as `Json`: the
 * caller names the shape the function's SQL builds (see its migration) by the type it assigns to.
 * @example const result: AttemptResult = await rpcJson(db, 'submit_attempt', { p_attempt_id: id, p_responses: responses }, '提交答案失败')
 */
export async function rpcJson<T, F extends JsonFunctionName = JsonFunctionName>(db: Db, fn: F, args: FunctionArgs<F>, what: string): Promise<T> {
  return jsonAs<T>(await rpc(db, fn, args, what));
}

/** The shape a `jsonb` result has by its function's SQL, which the generator can only call `Json`. */
export const jsonAs = <T>(value: Json | FunctionResult<JsonFunctionName>): T => value as unknown as T;

/** The functions whose result is `jsonb`. */
export type JsonFunctionName = { [F in FunctionName]: Json extends FunctionResult<F> ? F : never }[FunctionName];

/**
 * The generator types every SQL function argument as non-null (Postgres does not record which ones
 * take null); this passes SQL null to an argument the function's SQL handles as absent.
 */
export const nullArg = <T>(value: T | null | undefined): T => (value ?? null) as T;
