-- Until the bootstrap checked for a migrated database (supabase/bootstrap.sql), every start granted
-- Supabase's broad default privileges again. On a database restarted between two updates (a
-- school's .data/, a city server), what a later migration created inherited them: TRUNCATE on new
-- tables and setval on new sequences for anon and authenticated, and EXECUTE on new functions in
-- public for both, whatever the migration itself granted. This puts such a database where a fresh
-- one is: the narrowed defaults again, no TRUNCATE or setval, and EXECUTE for anon and
-- authenticated on exactly the functions a fresh database grants it to (the same list as
-- supabase/tests/grants.sql.test.ts). On a fresh database every statement here changes nothing.

alter default privileges in schema public revoke truncate on tables from anon, authenticated;
alter default privileges in schema private revoke truncate on tables from anon, authenticated;
alter default privileges in schema public revoke update on sequences from anon, authenticated;
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from public, anon, authenticated;
alter default privileges in schema private revoke execute on functions from public, anon, authenticated;

revoke truncate on all tables in schema public, private from anon, authenticated;
revoke update on all sequences in schema public, private from anon, authenticated;

revoke execute on all functions in schema public, private from anon, authenticated;
grant execute on function private.app_role() to anon, authenticated;
grant execute on function private.band_for(p_grade integer, p_stage text) to anon, authenticated;
grant execute on function private.can_manage_class(p_class_id uuid) to anon, authenticated;
grant execute on function private.check_and_log_session() to anon, authenticated;
grant execute on function private.check_session() to anon, authenticated;
grant execute on function private.contest_bank_sealed(p_quiz_id text) to authenticated;
grant execute on function private.is_correct(p_type text, p_answer jsonb, p_response jsonb) to anon, authenticated;
grant execute on function private.is_office() to anon, authenticated;
grant execute on function private.is_school_staff(target_school uuid) to anon, authenticated;
grant execute on function private.log_session_edit() to anon, authenticated;
grant execute on function private.managed_unit_id() to authenticated;
grant execute on function private.organized_event_ids() to anon, authenticated;
grant execute on function private.organizer_volunteer_ids() to anon, authenticated;
grant execute on function private.own_class_id() to anon, authenticated;
grant execute on function private.readable_demonstration_file_ids() to anon, authenticated;
grant execute on function private.roll_up_mastery() to anon, authenticated;
grant execute on function private.school_id() to anon, authenticated;
grant execute on function private.school_year_of(p_at timestamp with time zone) to anon, authenticated;
grant execute on function private.student_band() to anon, authenticated;
grant execute on function private.taught_class_ids() to anon, authenticated;
grant execute on function private.visible_evaluation_round_ids() to anon, authenticated;
grant execute on function private.visible_student_ids() to anon, authenticated;
grant execute on function public.add_demonstration_evidence(p_file_id uuid, p_item_id text, p_key text, p_name text, p_type text, p_size integer, p_thumbnail_key text, p_thumbnail_width integer, p_thumbnail_height integer) to authenticated;
grant execute on function public.answer_classroom_question(p_session_id uuid, p_question_id uuid, p_response jsonb) to authenticated;
grant execute on function public.approve_demonstration_file(p_file_id uuid, p_comment text) to authenticated;
grant execute on function public.archive_class(p_class_id uuid) to authenticated;
grant execute on function public.cancel_event(p_event_id uuid, p_reason text) to authenticated;
grant execute on function public.cancel_event_signup(p_event_id uuid) to authenticated;
grant execute on function public.certificate_status() to authenticated;
grant execute on function public.check_in_to_event(p_event_id uuid, p_code text) to authenticated;
grant execute on function public.class_access(p_class_id uuid) to authenticated;
grant execute on function public.class_first_passwords(p_class_id uuid) to authenticated;
grant execute on function public.class_hours(p_year integer) to authenticated;
grant execute on function public.classroom_question_bank(p_session_id uuid) to authenticated;
grant execute on function public.classroom_state(p_session_id uuid) to authenticated;
grant execute on function public.close_classroom_question(p_question_id uuid, p_reveal boolean) to authenticated;
grant execute on function public.confirm_event_hours(p_event_id uuid, p_hours numeric) to authenticated;
grant execute on function public.contest_school_stats(p_contest_id uuid) to authenticated;
grant execute on function public.copy_event(p_event_id uuid, p_starts_at timestamp with time zone) to authenticated;
grant execute on function public.create_class(p_school_year integer, p_grade integer, p_name text) to authenticated;
grant execute on function public.create_staff_account(p_role text, p_display_name text, p_school_id uuid, p_login_kind text, p_login text, p_password_hash text) to authenticated;
grant execute on function public.create_unit_manager(p_unit_id uuid, p_display_name text, p_login_kind text, p_login text, p_password_hash text) to authenticated;
grant execute on function public.dashboard_months(p_year integer) to authenticated;
grant execute on function public.dashboard_schools(p_year integer) to authenticated;
grant execute on function public.dashboard_volunteering(p_year integer) to authenticated;
grant execute on function public.delete_household_visit(p_visit_id uuid) to authenticated;
grant execute on function public.demonstration_approved_counts() to anon, authenticated;
grant execute on function public.end_classroom_session(p_session_id uuid, p_record boolean) to authenticated;
grant execute on function public.evaluation_class_counts(p_round_id uuid, p_class_id uuid) to authenticated;
grant execute on function public.evaluation_results(p_round_id uuid) to authenticated;
grant execute on function public.event_checkin_code(p_event_id uuid) to authenticated;
grant execute on function public.event_roster(p_event_id uuid) to authenticated;
grant execute on function public.household_reach() to authenticated;
grant execute on function public.import_roster(p_class_id uuid, p_students jsonb) to authenticated;
grant execute on function public.issue_certificate() to authenticated;
grant execute on function public.join_classroom_session(p_join_code text) to authenticated;
grant execute on function public.log_household_visits(p_event_id uuid, p_community text, p_households integer) to authenticated;
grant execute on function public.mark_attendance(p_signup_id uuid, p_present boolean) to authenticated;
grant execute on function public.move_student(p_student_id uuid, p_class_id uuid) to authenticated;
grant execute on function public.my_evaluation_surveys() to authenticated;
grant execute on function public.my_event_signups() to authenticated;
grant execute on function public.office_reset_staff_password(p_user_id uuid, p_password_hash text) to authenticated;
grant execute on function public.office_set_staff_disabled(p_user_id uuid, p_disabled boolean) to authenticated;
grant execute on function public.office_staff_accounts() to authenticated;
grant execute on function public.open_classroom_question(p_session_id uuid, p_question_id text) to authenticated;
grant execute on function public.open_demonstration_file(p_level text, p_school_year integer) to authenticated;
grant execute on function public.open_evaluation_round(p_school_year integer, p_title text, p_bands text[], p_school_ids uuid[], p_pre_opens_at timestamp with time zone, p_pre_closes_at timestamp with time zone, p_post_opens_at timestamp with time zone, p_post_closes_at timestamp with time zone, p_seed bigint) to authenticated;
grant execute on function public.quiz_question_ids(p_quiz_id text) to authenticated;
grant execute on function public.record_classroom_hands(p_question_id uuid, p_counts jsonb) to authenticated;
grant execute on function public.release_evaluation_survey(p_round_id uuid, p_class_id uuid, p_phase text) to authenticated;
grant execute on function public.remove_demonstration_evidence(p_evidence_id uuid) to authenticated;
grant execute on function public.reopen_demonstration_file(p_file_id uuid, p_comment text) to authenticated;
grant execute on function public.reset_student_password(p_student_id uuid, p_password_hash text) to authenticated;
grant execute on function public.reset_student_passwords(p_class_id uuid, p_students jsonb, p_first_only boolean) to authenticated;
grant execute on function public.return_demonstration_file(p_file_id uuid, p_comment text) to authenticated;
grant execute on function public.review_demonstration_item(p_file_id uuid, p_item_id text, p_office_score integer, p_office_comment text) to authenticated;
grant execute on function public.rotate_unit_code(p_unit_id uuid) to authenticated;
grant execute on function public.save_demonstration_item(p_file_id uuid, p_item_id text, p_status text, p_self_score integer, p_notes text, p_links text[]) to authenticated;
grant execute on function public.save_event(p_event_id uuid, p_fields jsonb) to authenticated;
grant execute on function public.school_hours(p_year integer) to authenticated;
grant execute on function public.set_event_signups_open(p_event_id uuid, p_open boolean) to authenticated;
grant execute on function public.sign_up_for_event(p_event_id uuid) to authenticated;
grant execute on function public.site_coverage(p_year integer) to authenticated;
grant execute on function public.six_into_events(p_year integer) to authenticated;
grant execute on function public.start_attempt(p_quiz_id text, p_question_ids text[], p_seed bigint, p_contest_id uuid) to authenticated;
grant execute on function public.start_classroom_session(p_class_id uuid, p_lesson_id text) to authenticated;
grant execute on function public.student_home() to authenticated;
grant execute on function public.submit_attempt(p_attempt_id uuid, p_responses jsonb) to authenticated;
grant execute on function public.submit_demonstration_file(p_file_id uuid) to authenticated;
grant execute on function public.submit_evaluation_response(p_round_id uuid, p_class_id uuid, p_phase text, p_answers jsonb) to authenticated;
grant execute on function public.uncovered_places(p_year integer) to authenticated;
grant execute on function public.unit_participation(p_year integer) to authenticated;
grant execute on function public.update_household_visit(p_visit_id uuid, p_community text, p_households integer) to authenticated;
grant execute on function public.verify_certificate(p_code text) to anon, authenticated;
