import type { z } from 'astro/zod';

/**
 * One readable message for a failed content file, naming the file and each field, e.g.
 * `content/quizzes/a.yaml: questions.2.answer: 单选题的答案必须是一个存在的选项编号`.
 */
export function formatIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(整个文件)';
    return `  ${field}: ${issue.message}`;
  });
  return `${file} 有 ${lines.length} 处错误：\n${lines.join('\n')}`;
}
