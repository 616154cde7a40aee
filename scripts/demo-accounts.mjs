// The demo data set: one place that the seed generator, the README and `npm start` read.
// Ids are fixed so tests and docs can name them.

export const demoPassword = 'qingyuan2026';
export const demoStudentPassword = 'xuesheng2026';

const id = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const districts = [
  { id: id(1), name: '城南区' },
  { id: id(2), name: '城北区' },
];

export const schools = [
  { id: id(11), district: id(1), code: 'QYXX01', name: '清源实验小学', stage: 'primary' },
  { id: id(12), district: id(2), code: 'QYZX01', name: '清源第一中学', stage: 'junior' },
];

/** Adults: [id, role, name, school, login]. */
export const adults = [
  [id(101), 'office', '市禁毒办 李主任', null, 'office@qingyuan.test'],
  [id(111), 'school_admin', '实验小学 周校长', id(11), 'admin.xx@qingyuan.test'],
  [id(112), 'teacher', '陈老师', id(11), 'chen@qingyuan.test'],
  [id(113), 'teacher', '刘老师', id(11), 'liu@qingyuan.test'],
  [id(121), 'school_admin', '第一中学 吴校长', id(12), 'admin.zx@qingyuan.test'],
  [id(122), 'teacher', '赵老师', id(12), 'zhao@qingyuan.test'],
  [id(131), 'organizer', '城南区禁毒办 孙干事', null, 'organizer@qingyuan.test'],
  [id(141), 'volunteer', '王老师（退休教师）', null, '13800138001'],
  [id(142), 'volunteer', '张医生（退休医生）', null, '13800138002'],
  [id(143), 'volunteer', '小林（大学生）', null, 'lin.volunteer@qingyuan.test'],
];

/** Classes: [id, school, year, grade, name, teacher]. */
export const classes = [
  [id(201), id(11), 2026, 3, '三年级（1）班', id(112)],
  [id(202), id(11), 2026, 5, '五年级（2）班', id(113)],
  [id(203), id(12), 2026, 7, '七年级（1）班', id(122)],
];

const given = ['小明', '小红', '小刚', '小丽', '小军', '小芳'];
const family = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];

/** Students: five per class, numbered <year><grade><class><nn>; the fifth must change the first password. */
export const students = classes.flatMap(([classId, school, year, grade], c) =>
  Array.from({ length: 5 }, (_, i) => ({
    id: id(1000 + c * 100 + i + 1),
    classId,
    school,
    number: `${year}${String(grade).padStart(2, '0')}${String(c + 1).padStart(2, '0')}${String(i + 1).padStart(2, '0')}`,
    name: `${family[(c * 5 + i) % family.length]}${given[i % given.length]}`,
    mustChange: i === 4,
  })),
);

export function schoolCode(schoolId) {
  return schools.find((s) => s.id === schoolId)?.code;
}

/** The lines README and `npm start` print. */
export function demoLogins() {
  const first = students[0];
  const fresh = students[4];
  return [
    `市禁毒办        office@qingyuan.test / ${demoPassword}`,
    `学校管理员      admin.xx@qingyuan.test / ${demoPassword}`,
    `教师            chen@qingyuan.test / ${demoPassword}`,
    `活动组织者      organizer@qingyuan.test / ${demoPassword}`,
    `志愿者          13800138001 / ${demoPassword}`,
    `学生            学校代码 ${schoolCode(first.school)}，学号 ${first.number} / ${demoStudentPassword}`,
    `学生（首次登录）学校代码 ${schoolCode(fresh.school)}，学号 ${fresh.number} / ${demoStudentPassword}`,
  ];
}

/**
 * Volunteer events of 城南区禁毒办 孙干事 (organizer 131), with times relative to when the seed
 * runs, so a fresh start has upcoming events, one in progress (check-in open) and one past with
 * confirmed hours. [id, kind, title, district, community, start offset in hours, length in hours, capacity, eligibility].
 */
export const events = [
  [id(301), 'campaign', '6·26国际禁毒日广场宣传', id(1), '人民广场', 72, 3, 30, 'all'],
  [id(302), 'family', '禁毒志愿者进家庭（南苑社区）', id(1), '南苑社区', 48, 2.5, 2, 'all'],
  [id(303), 'school', '退休教师进校园：禁毒第一课', id(2), '清源第一中学', 120, 1.5, 5, 'retired_teacher'],
  [id(304), 'community', '社区禁毒知识讲座', id(1), '东湖社区', -0.25, 2, 20, 'all'],
  [id(305), 'community', '全民禁毒宣传月启动仪式', id(2), '城北文化中心', -240, 2, 40, 'all'],
];

/** Sign-ups: [event, volunteer, status, confirmed hours or null]. */
export const eventSignups = [
  [id(302), id(142), 'confirmed', null],
  [id(301), id(142), 'confirmed', null],
  [id(304), id(142), 'confirmed', null],
  [id(305), id(141), 'attended', 2],
  [id(305), id(142), 'attended', 2],
];

/** Volunteer profiles: [user, category, phone]. */
export const volunteerProfiles = [
  [id(141), 'retired_teacher', '13800138001'],
  [id(142), 'retired_doctor', '13800138002'],
  [id(143), 'student', null],
];
