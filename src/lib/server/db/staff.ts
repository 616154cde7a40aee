import type { Db } from '~/lib/server/db/client';
import { fromPostgrest } from './errors';

/** A staff account as the office's list shows it. */
export interface StaffAccount {
  userId: string;
  role: 'teacher' | 'school_admin' | 'organizer' | 'office';
  displayName: string;
  schoolName: string | null;
  loginKind: 'phone' | 'email';
  login: string;
  disabled: boolean;
  /** Still on a first password: never signed in, or reset since. */
  firstPassword: boolean;
}

/** Every staff account, for the office (the function refuses anyone else). */
export async function staffAccounts(db: Db): Promise<StaffAccount[]> {
  const { data, error } = await db.rpc('office_staff_accounts');
  if (error) throw fromPostgrest(error, '读取工作人员账号失败');
  return (data ?? []).map((r) => ({
    userId: r.user_id,
    role: r.role as StaffAccount['role'],
    displayName: r.display_name,
    schoolName: r.school_name,
    loginKind: r.login_kind as StaffAccount['loginKind'],
    login: r.login,
    disabled: r.disabled,
    firstPassword: r.first_password,
  }));
}

/** A new first password (already hashed) for one staff account; its sessions end. */
export async function resetStaffPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  const { error } = await db.rpc('office_reset_staff_password', { p_user_id: userId, p_password_hash: passwordHash });
  if (error) throw fromPostgrest(error, '重置密码失败');
}

/** Disables (and signs out) or re-enables one staff account. */
export async function setStaffDisabled(db: Db, userId: string, disabled: boolean): Promise<void> {
  const { error } = await db.rpc('office_set_staff_disabled', { p_user_id: userId, p_disabled: disabled });
  if (error) throw fromPostgrest(error, '修改账号状态失败');
}
