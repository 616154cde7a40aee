// npm start: builds the site when needed, then serves it with the Node adapter.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/server/entry.mjs') || process.env.REBUILD === '1') {
  console.log('首次启动：正在构建站点…');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '4321';
console.log(`清源课堂：http://${process.env.HOST}:${process.env.PORT}/`);
await import(new URL('../dist/server/entry.mjs', import.meta.url).href);
