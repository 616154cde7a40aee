/** The UI strings the quiz island shows; the page picks them from the catalogue. */
export const quizLabelKeys = [
  'lesson.practice', 'lesson.practiceHint', 'quiz.start', 'quiz.submit', 'quiz.retry', 'quiz.practiceNote', 'quiz.score',
  'quiz.passed', 'quiz.notPassed', 'quiz.correct', 'quiz.wrong', 'quiz.explanation', 'quiz.true', 'quiz.false',
  'quiz.multipleHint', 'quiz.question', 'quiz.unanswered', 'quiz.loadError', 'quiz.type.single', 'quiz.type.multiple',
  'quiz.type.truefalse', 'quiz.mastered', 'quiz.best', 'quiz.notStarted', 'quiz.timeLeft', 'quiz.contest', 'quiz.contestNote', 'quiz.sealed', 'quiz.selfCheck', 'quiz.startScored',
  'quiz.keyIs', 'quiz.yourChoice', 'quiz.keyMark', 'quiz.blank',
] as const;

export type QuizLabels = Record<(typeof quizLabelKeys)[number], string>;
