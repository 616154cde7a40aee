/** The app roles of DESIGN.md. */
export const appRoles = ['student', 'teacher', 'school_admin', 'volunteer', 'organizer', 'office', 'unit_manager'] as const;
export type AppRole = (typeof appRoles)[number];

/** The signed-in user as the pages and actions see it (`Astro.locals.user`). */
export interface SessionUser {
  id: string;
  role: AppRole;
  displayName: string;
  schoolId: string | null;
  mustChangePassword: boolean;
}

/** Where each role lands after signing in. */
export const roleHome: Record<AppRole, string> = {
  student: '/me/student/',
  teacher: '/me/teacher/',
  school_admin: '/me/school/',
  volunteer: '/me/volunteer/',
  organizer: '/me/organizer/',
  office: '/me/office/',
  unit_manager: '/me/unit/',
};
