import { describe, expect, test } from 'vitest';
import { small } from './contest';
import { byDistrict, checkTargets, groupFigures, rates, schoolCovered, type SchoolCounts } from './dashboard';

const school = (over: Partial<SchoolCounts>): SchoolCounts => ({
  schoolId: 's',
  schoolName: '学校',
  districtName: '城南区',
  students: 100,
  studentsMastered: 50,
  classes: 4,
  classesMet: 4,
  hoursDelivered: 8,
  contestStudents: 100,
  contestParticipants: 80,
  contestPassed: 60,
  contestExcellent: 20,
  ...over,
});

describe('rates', () => {
  test('returns mastery over students and contest rates over participants', () => {
    expect(rates(school({}))).toEqual({ mastery: 50, participationRate: 80, passRate: 75, excellentRate: 25, suppressed: false });
  });

  test('suppresses groups of fewer than 5 students', () => {
    expect(rates(school({ students: 4, studentsMastered: 4 }))).toMatchObject({ suppressed: true, mastery: null, passRate: null });
  });

  test('suppresses each rate whose own base is under 5', () => {
    expect(rates(school({ students: 17, studentsMastered: 3, contestStudents: 17, contestParticipants: 1, contestPassed: 1, contestExcellent: 0 }))).toEqual({
      mastery: 17.6,
      participationRate: 5.9,
      passRate: small,
      excellentRate: small,
      suppressed: false,
    });
    expect(rates(school({ contestStudents: 3, contestParticipants: 3 }))).toMatchObject({ participationRate: small, passRate: small });
  });
});

describe('schoolCovered', () => {
  test('needs classes and every class at its hours', () => {
    expect(schoolCovered({ classes: 3, classesMet: 3 })).toBe(true);
    expect(schoolCovered({ classes: 3, classesMet: 2 })).toBe(false);
    expect(schoolCovered({ classes: 0, classesMet: 0 })).toBe(false);
  });
});

describe('groupFigures', () => {
  test('returns coverage as covered schools over all schools, and pooled rates', () => {
    const city = groupFigures('全市', [
      school({}),
      school({ classesMet: 3, students: 50, studentsMastered: 50, contestStudents: 50, contestParticipants: 20, contestPassed: 20, contestExcellent: 0 }),
    ]);
    expect(city).toMatchObject({
      schools: 2,
      schoolsCovered: 1,
      coverage: 50,
      students: 150,
      mastery: 66.7,
      participationRate: 66.7,
      passRate: 80,
      excellentRate: 20,
      hoursDelivered: 16,
    });
  });
});

describe('byDistrict', () => {
  test('returns one group per district', () => {
    const groups = byDistrict([school({ districtName: '城南区' }), school({ districtName: '城北区' }), school({ districtName: '城南区', classesMet: 0 })]);
    expect(groups.map((g) => [g.name, g.schools, g.coverage])).toEqual([
      ['城南区', 2, 50],
      ['城北区', 1, 100],
    ]);
  });
});

describe('checkTargets', () => {
  test('returns met, not met, and unknown', () => {
    expect(checkTargets({ coverage: 92, mastery: 40, contest_pass: null }, { coverage: 90, mastery: 90, contest_pass: 85 })).toEqual([
      { metric: 'coverage', actual: 92, target: 90, status: 'met' },
      { metric: 'mastery', actual: 40, target: 90, status: 'notMet' },
      { metric: 'contest_pass', actual: null, target: 85, status: 'unknown' },
    ]);
  });

  test('never counts a figure over fewer than 5 pupils as met', () => {
    expect(checkTargets({ contest_pass: small }, { contest_pass: 85 })).toEqual([{ metric: 'contest_pass', actual: small, target: 85, status: 'insufficient' }]);
  });
});
