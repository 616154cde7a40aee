// Counts Chinese characters (CJK ideographs) in the body of each MDX file given, frontmatter excluded.
// Usage: node scripts/count-chars.mjs content/lessons/**/*.mdx
import { readFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const body = readFileSync(file, 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
  const count = (body.match(/\p{Script=Han}/gu) ?? []).length;
  console.log(`${String(count).padStart(5)}  ${file}`);
}
