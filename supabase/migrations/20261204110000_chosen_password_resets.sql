-- Password resets for chosen students only (issue 18): one tap used to reset the whole class,
-- invalidating passwords pupils had chosen and signing them out. The roster now shows who still
-- holds a first password (has never signed in and chosen their own), resets go to the students
-- the teacher ticks, all or nothing, and reprinting slips touches only first passwords.

-- Which students of a class still hold a first password. Credentials are for the service role
-- alone; this tells those who manage the class the one fact the roster needs.
create function public.class_first_passwords(p_class_id uuid) returns table (student_id uuid, first_password boolean)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.can_manage_class(p_class_id) then
    raise exception '你不能管理这个班级' using errcode = 'QYFOR';
  end if;
  return query
    select s.user_id, c.must_change_password
    from public.students s join public.credentials c on c.user_id = s.user_id
    where s.class_id = p_class_id
    order by s.student_number;
end
$$;
comment on function public.class_first_passwords(uuid) is 'The students of a class the caller manages, and whether each still holds a first password.';

-- New first passwords for chosen students of one class (p_students: [{studentId, passwordHash}]),
-- each signed out everywhere. With p_first_only, students who have chosen their own password
-- since the page was drawn are left as they are (reprinting slips must never undo a chosen
-- password); the ids actually reset come back, so only their slips are printed.
create function public.reset_student_passwords(p_class_id uuid, p_students jsonb, p_first_only boolean)
returns table (student_id uuid)
language plpgsql security definer set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  if not private.can_manage_class(p_class_id) then
    raise exception '你不能管理这个班级' using errcode = 'QYFOR';
  end if;
  if jsonb_typeof(p_students) is distinct from 'array' or jsonb_array_length(p_students) = 0 then
    raise exception '请先勾选学生' using errcode = 'QYBAD';
  end if;
  if jsonb_array_length(p_students) > 5000 then
    raise exception '一次最多重置 5000 名学生' using errcode = 'QYBAD';
  end if;
  if exists (
    select 1 from jsonb_array_elements(p_students) e
    where not exists (
      select 1 from public.students s
      where s.class_id = p_class_id and s.user_id::text = e ->> 'studentId'
    ) or coalesce(e ->> 'passwordHash', '') not like '$argon2id$%'
  ) then
    raise exception '勾选的学生不在这个班级里' using errcode = 'QYBAD';
  end if;

  with wanted as (
    select (e ->> 'studentId')::uuid as user_id, e ->> 'passwordHash' as password_hash
    from jsonb_array_elements(p_students) e
  ), reset as (
    update public.credentials c
    set password_hash = w.password_hash, must_change_password = true, password_changed_at = now()
    from wanted w
    where c.user_id = w.user_id and (not p_first_only or c.must_change_password)
    returning c.user_id
  )
  select coalesce(array_agg(r.user_id), '{}') into v_ids from reset r;

  delete from public.sessions s where s.user_id = any (v_ids);
  return query select unnest(v_ids);
end
$$;
comment on function public.reset_student_passwords(uuid, jsonb, boolean) is 'New first passwords for chosen students of a class the caller manages; with p_first_only, only those still on a first password.';

grant execute on function public.class_first_passwords(uuid) to authenticated;
grant execute on function public.reset_student_passwords(uuid, jsonb, boolean) to authenticated;
