import { PGlite } from '@electric-sql/pglite';
import { migrate, pgliteExecutor } from '/work/main/src/lib/server/runtime/migrate.ts';
const db = new PGlite();
await migrate(pgliteExecutor(db), { seed: true });
for (const sql of [`select public.login_block(p_account_key => $1::text, p_ip_key => $2::text)`, `select public.login_block($1, $2)`, `select public.login_block('a','b')`]) {
  try { console.log(await db.query(sql, sql.includes('$') ? ['a','b'] : [])); } catch (e) { console.log(sql, e.message); }
}
console.log((await db.query(`select p.proname, pg_get_function_arguments(p.oid) from pg_proc p where proname like 'login%'`)).rows);
