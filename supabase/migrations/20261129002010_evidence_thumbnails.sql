-- Thumbnails of evidence images. On upload the server makes a small WebP of a JPEG, PNG or WebP
-- (upright, at most 320×320, no metadata) and keeps it in the evidence store under the file's key
-- plus '-t'; the row records that key and the thumbnail's size so pages can reserve its space.
-- Rows from before this migration, and documents, have none. Reading stays under the existing
-- policy on demonstration_evidence (the school admin and the office); rows are still written only
-- through add_demonstration_evidence.

alter table public.demonstration_evidence
  add column thumbnail_key text unique check (thumbnail_key ~ '^[A-Za-z0-9_-]{16,64}$'),
  add column thumbnail_width smallint check (thumbnail_width between 1 and 320),
  add column thumbnail_height smallint check (thumbnail_height between 1 and 320),
  add constraint demonstration_evidence_thumbnail_check check (
    (thumbnail_key is null and thumbnail_width is null and thumbnail_height is null)
    or (thumbnail_key = storage_key || '-t' and thumbnail_width is not null and thumbnail_height is not null
        and content_type in ('image/jpeg', 'image/png', 'image/webp')));
comment on column public.demonstration_evidence.thumbnail_key is 'Store key of the WebP thumbnail (storage_key || ''-t''), null for documents and older uploads.';

-- The same function with the thumbnail as three optional arguments (callers without them still work).
drop function public.add_demonstration_evidence(uuid, text, text, text, text, int);
create function public.add_demonstration_evidence(p_file_id uuid, p_item_id text, p_key text, p_name text, p_type text, p_size int,
  p_thumbnail_key text default null, p_thumbnail_width int default null, p_thumbnail_height int default null) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.editable_demonstration_file(p_file_id);
  if not exists (select 1 from public.demonstration_items i where i.file_id = p_file_id and i.item_id = p_item_id) then
    raise exception '档案中没有这个条目' using errcode = 'QYNOF';
  end if;
  if (select count(*) from public.demonstration_evidence e where e.file_id = p_file_id and e.item_id = p_item_id) >= 20 then
    raise exception '每个条目最多上传 20 个文件' using errcode = 'QYLIM';
  end if;
  insert into public.demonstration_evidence (file_id, item_id, storage_key, original_name, content_type, size_bytes, uploaded_by,
    thumbnail_key, thumbnail_width, thumbnail_height)
  values (p_file_id, p_item_id, p_key, p_name, p_type, p_size, auth.uid(), p_thumbnail_key, p_thumbnail_width, p_thumbnail_height)
  returning evidence_id into v_id;
  perform private.log_demonstration(p_file_id, 'upload', p_item_id, null, null, p_name);
  return v_id;
end
$$;

revoke all on function public.add_demonstration_evidence from public, anon;
grant execute on function public.add_demonstration_evidence to authenticated;
