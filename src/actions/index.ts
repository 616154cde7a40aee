import { changePassword, registerAsVolunteer, requestPasswordReset, resetPassword, signInAdult, signInStudent, signOut } from './auth';
import { createStaff } from './accounts';
import * as events from './events';
import * as classroom from './classroom';
import { createContestWindow, getCertificate } from './learning';
import { archive, assign, fixSession, importClassRoster, logSession, newClass, reprintSlips, resetPasswords, transferStudent, withdraw } from './teaching';
import { saveFive, saveTeacher } from './school';
import { saveTarget } from './dashboard';
import * as evaluation from './evaluation';
import { addDistrictAction, addSchoolAction, resetStaffPasswordAction, setStaffDisabledAction } from './office';
import {
  decideDemonstrationFile,
  openDemonstrationFile,
  removeDemonstrationEvidence,
  reviewDemonstrationItem,
  saveDemonstrationItem,
  submitDemonstrationFile,
  uploadDemonstrationEvidence,
} from './demonstration';
import * as workplaces from './workplaces';
import { practiceStart, practiceSubmit, start, status, submit } from './quiz';

export const server = {
  auth: { signInStudent, signInAdult, signOut, changePassword, registerAsVolunteer, requestPasswordReset, resetPassword },
  accounts: { createStaff },
  learning: { getCertificate, createContestWindow },
  teaching: { newClass, importClassRoster, resetPasswords, reprintSlips, transferStudent, archive, assign, withdraw, logSession, fixSession },
  school: { saveFive, saveTeacher },
  dashboard: { saveTarget },
  office: { resetStaffPassword: resetStaffPasswordAction, setStaffDisabled: setStaffDisabledAction, addDistrict: addDistrictAction, addSchool: addSchoolAction },
  demonstration: {
    open: openDemonstrationFile,
    saveItem: saveDemonstrationItem,
    upload: uploadDemonstrationEvidence,
    removeEvidence: removeDemonstrationEvidence,
    submit: submitDemonstrationFile,
    review: reviewDemonstrationItem,
    decide: decideDemonstrationFile,
  },
  quiz: { practiceStart, practiceSubmit, status, start, submit },
  events: { ...events },
  workplaces: {
    startCheck: workplaces.startCheck,
    submitCheck: workplaces.submitCheck,
    rotateCode: workplaces.rotateUnitCode,
    registerUnit: workplaces.registerUnitAction,
    createManager: workplaces.createManagerAction,
    addPlace: workplaces.addPlaceAction,
    addSite: workplaces.addSiteAction,
    renewSite: workplaces.renewSiteAction,
  },
  evaluation: { ...evaluation },
  classroom: { ...classroom },
};
