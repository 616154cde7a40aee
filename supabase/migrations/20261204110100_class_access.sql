-- What the caller may do with a class, so a page can say "你不能查看这个班级" instead of showing
-- a colleague's class with an empty roster (issue 18): 'manage' for its teachers and the school's
-- admin, 'read' for the office, null for everyone else and for a class that does not exist.
create function public.class_access(p_class_id uuid) returns text
language sql stable security definer set search_path = ''
as $$
  select case
    when private.can_manage_class(p_class_id) then 'manage'
    when (select private.is_office()) and exists (select 1 from public.classes c where c.class_id = p_class_id) then 'read'
  end
$$;
comment on function public.class_access(uuid) is 'manage (its teachers, the school admin), read (the office) or null: what the caller may do with a class.';

grant execute on function public.class_access(uuid) to authenticated;
