import { changePassword, registerAsVolunteer, signInAdult, signInStudent, signOut } from './auth';
import { createStaff } from './accounts';
import * as events from './events';
import { createContestWindow, getCertificate } from './learning';
import { practiceStart, practiceSubmit, start, status, submit } from './quiz';

export const server = {
  auth: { signInStudent, signInAdult, signOut, changePassword, registerAsVolunteer },
  accounts: { createStaff },
  learning: { getCertificate, createContestWindow },
  quiz: { practiceStart, practiceSubmit, status, start, submit },
  events: { ...events },
};
