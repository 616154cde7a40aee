import { describe, expect, test } from 'vitest';
import { eventFormErrors, refusalField, submittedText } from './event-form';

describe('eventFormErrors', () => {
  test('keeps the first message of each form field and picks the first field in form order', () => {
    const { byField, first } = eventFormErrors({ contact: ['请填写组织者的工作联系方式'], endsAt: ['结束时间要晚于开始时间', '一场活动最长 24 小时'], eventId: ['x'] }, null);
    expect(byField).toEqual({ endsAt: '结束时间要晚于开始时间', contact: '请填写组织者的工作联系方式' });
    expect(first).toBe('endsAt');
  });

  test('puts a refusal of the database by the field it is about', () => {
    expect(eventFormErrors({}, '名额不能少于已确认的 3 人')).toEqual({ byField: { capacity: '名额不能少于已确认的 3 人' }, first: 'capacity' });
    expect(eventFormErrors({}, '活动开始时间必须在将来').first).toBe('startsAt');
  });

  test('leaves a refusal about the whole event to the summary', () => {
    expect(refusalField('这不是你组织的活动，不能修改')).toBeNull();
    expect(eventFormErrors({}, '活动已取消或已结束，不能再修改')).toEqual({ byField: {}, first: null });
  });
});

describe('submittedText', () => {
  test('returns the text fields, the first of a repeated key, and no files', () => {
    const form = new FormData();
    form.append('title', '社区宣讲');
    form.append('title', '第二个');
    form.append('description', '');
    form.append('file', new Blob(['x']), 'a.txt');
    expect(submittedText(form)).toEqual({ title: '社区宣讲', description: '' });
  });
});
