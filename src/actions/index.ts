import { changePassword, registerAsVolunteer, signInAdult, signInStudent, signOut } from './auth';
import { practiceStart, practiceSubmit } from './quiz';

export const server = {
  auth: { signInStudent, signInAdult, signOut, changePassword, registerAsVolunteer },
  quiz: { practiceStart, practiceSubmit },
};
