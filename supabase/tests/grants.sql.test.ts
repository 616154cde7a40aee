import { PGlite } from '@electric-sql/pglite';
import { beforeAll, describe, expect, test } from 'vitest';
import { migrate, pgliteExecutor } from '~/lib/server/runtime/migrate';

/**
 * Who may call what: every function of the public and private schemas that visitors (anon) or
 * signed-in users (authenticated) can execute, by name. A function missing here that a migration
 * grants, or one listed here that lost its grant, fails the test; add a line only with the
 * migration that grants it. Trigger functions cannot be called directly and are left out.
 */
const callable: Record<string, string[]> = {
  'add_demonstration_evidence(uuid,text,text,text,text,integer,text,integer,integer)': ['authenticated'],
  'answer_classroom_question(uuid,uuid,jsonb)': ['authenticated'],
  'approve_demonstration_file(uuid,text)': ['authenticated'],
  'archive_class(uuid)': ['authenticated'],
  'cancel_event(uuid,text)': ['authenticated'],
  'cancel_event_signup(uuid)': ['authenticated'],
  'certificate_status()': ['authenticated'],
  'check_in_to_event(uuid,text)': ['authenticated'],
  'class_access(uuid)': ['authenticated'],
  'class_first_passwords(uuid)': ['authenticated'],
  'class_hours(integer)': ['authenticated'],
  'classroom_question_bank(uuid)': ['authenticated'],
  'classroom_state(uuid)': ['authenticated'],
  'close_classroom_question(uuid,boolean)': ['authenticated'],
  'confirm_event_hours(uuid,numeric)': ['authenticated'],
  'contest_school_stats(uuid)': ['authenticated'],
  'copy_event(uuid,timestamp with time zone)': ['authenticated'],
  'create_unit_manager(uuid,text,text,text,text)': ['authenticated'],
  'create_class(integer,integer,text)': ['authenticated'],
  'create_staff_account(text,text,uuid,text,text,text)': ['authenticated'],
  'dashboard_months(integer)': ['authenticated'],
  'dashboard_schools(integer)': ['authenticated'],
  'dashboard_volunteering(integer)': ['authenticated'],
  'delete_household_visit(uuid)': ['authenticated'],
  'demonstration_approved_counts()': ['anon', 'authenticated'],
  'household_reach()': ['authenticated'],
  'evaluation_class_counts(uuid,uuid)': ['authenticated'],
  'evaluation_results(uuid)': ['authenticated'],
  'end_classroom_session(uuid,boolean)': ['authenticated'],
  'office_reset_staff_password(uuid,text)': ['authenticated'],
  'office_set_staff_disabled(uuid,boolean)': ['authenticated'],
  'office_staff_accounts()': ['authenticated'],
  'event_checkin_code(uuid)': ['authenticated'],
  'event_roster(uuid)': ['authenticated'],
  'import_roster(uuid,jsonb)': ['authenticated'],
  'issue_certificate()': ['authenticated'],
  'join_classroom_session(text)': ['authenticated'],
  'log_household_visits(uuid,text,integer)': ['authenticated'],
  'mark_attendance(uuid,boolean)': ['authenticated'],
  'move_student(uuid,uuid)': ['authenticated'],
  'my_evaluation_surveys()': ['authenticated'],
  'my_event_signups()': ['authenticated'],
  'open_evaluation_round(integer,text,text[],uuid[],timestamp with time zone,timestamp with time zone,timestamp with time zone,timestamp with time zone,bigint)': ['authenticated'],
  'open_classroom_question(uuid,text)': ['authenticated'],
  'open_demonstration_file(text,integer)': ['authenticated'],
  'private.app_role()': ['anon', 'authenticated'],
  'private.band_for(integer,text)': ['anon', 'authenticated'],
  'private.can_manage_class(uuid)': ['anon', 'authenticated'],
  'private.check_session()': ['anon', 'authenticated'],
  'private.contest_bank_sealed(text)': ['authenticated'],
  'private.is_correct(text,jsonb,jsonb)': ['anon', 'authenticated'],
  'private.is_office()': ['anon', 'authenticated'],
  'private.is_school_staff(uuid)': ['anon', 'authenticated'],
  'private.managed_unit_id()': ['authenticated'],
  'private.organized_event_ids()': ['anon', 'authenticated'],
  'private.organizer_volunteer_ids()': ['anon', 'authenticated'],
  'private.own_class_id()': ['anon', 'authenticated'],
  'private.readable_demonstration_file_ids()': ['anon', 'authenticated'],
  'private.school_id()': ['anon', 'authenticated'],
  'private.school_year_of(timestamp with time zone)': ['anon', 'authenticated'],
  'private.student_band()': ['anon', 'authenticated'],
  'private.taught_class_ids()': ['anon', 'authenticated'],
  'private.visible_evaluation_round_ids()': ['anon', 'authenticated'],
  'private.visible_student_ids()': ['anon', 'authenticated'],
  'quiz_question_ids(text)': ['authenticated'],
  'record_classroom_hands(uuid,jsonb)': ['authenticated'],
  'remove_demonstration_evidence(uuid)': ['authenticated'],
  'release_evaluation_survey(uuid,uuid,text)': ['authenticated'],
  'reopen_demonstration_file(uuid,text)': ['authenticated'],
  'reset_student_password(uuid,text)': ['authenticated'],
  'reset_student_passwords(uuid,jsonb,boolean)': ['authenticated'],
  'return_demonstration_file(uuid,text)': ['authenticated'],
  'review_demonstration_item(uuid,text,integer,text)': ['authenticated'],
  'rotate_unit_code(uuid)': ['authenticated'],
  'save_demonstration_item(uuid,text,text,integer,text,text[])': ['authenticated'],
  'save_event(uuid,jsonb)': ['authenticated'],
  'set_event_signups_open(uuid,boolean)': ['authenticated'],
  'sign_up_for_event(uuid)': ['authenticated'],
  'school_hours(integer)': ['authenticated'],
  'site_coverage(integer)': ['authenticated'],
  'six_into_events(integer)': ['authenticated'],
  'start_classroom_session(uuid,text)': ['authenticated'],
  'start_attempt(text,text[],bigint,uuid)': ['authenticated'],
  'student_home()': ['authenticated'],
  'my_open_contests()': ['authenticated'],
  'my_quiz_progress(text)': ['authenticated'],
  'submit_attempt(uuid,jsonb)': ['authenticated'],
  'submit_demonstration_file(uuid)': ['authenticated'],
  'uncovered_places(integer)': ['authenticated'],
  'unit_participation(integer)': ['authenticated'],
  'submit_evaluation_response(uuid,uuid,text,jsonb)': ['authenticated'],
  'update_household_visit(uuid,text,integer)': ['authenticated'],
  'verify_certificate(text)': ['anon', 'authenticated'],
};

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  await migrate(pgliteExecutor(db), { seed: false });
});

describe('function grants', () => {
  test('visitors and users can call exactly the listed functions', async () => {
    const { rows } = await db.query<{ fn: string; roles: string[] }>(`
      select p.oid::regprocedure::text as fn,
        array_remove(array[case when has_function_privilege('anon', p.oid, 'execute') then 'anon' end,
                           case when has_function_privilege('authenticated', p.oid, 'execute') then 'authenticated' end], null) as roles
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and p.prorettype <> 'trigger'::regtype
      order by 1`);
    const granted = Object.fromEntries(rows.filter((r) => r.roles.length > 0).map((r) => [r.fn, r.roles]));
    expect(granted).toEqual(callable);
  });

  test('a function a migration creates from now on is callable by no visitor or user until granted by name', async () => {
    await db.exec('begin');
    try {
      await db.exec(`create function public.grants_probe() returns int language sql as 'select 1';
                     create function private.grants_probe() returns int language sql as 'select 1';`);
      const { rows } = await db.query<{ fn: string; role: string }>(`
        select f as fn, r as role from unnest(array['public.grants_probe()', 'private.grants_probe()']) f, unnest(array['public', 'anon', 'authenticated']) r
        where r <> 'public' and has_function_privilege(r, f, 'execute')`);
      expect(rows).toEqual([]);
      const service = await db.query<{ ok: boolean }>(`select has_function_privilege('service_role', 'public.grants_probe()', 'execute') as ok`);
      expect(service.rows[0]?.ok).toBe(true);
    } finally {
      await db.exec('rollback');
    }
  });
});
