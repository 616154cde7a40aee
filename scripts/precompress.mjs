// After the build: a gzip and a brotli copy beside every text file of the static site, so the
// server sends compressed bytes without compressing on each request (see src/lib/server/http/static-files.ts).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2] ?? 'dist/client';
const text = /\.(html|js|mjs|css|svg|json|xml|txt|webmanifest|ics)$/;
let files = 0;
let before = 0;
let after = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (text.test(entry.name) && statSync(path).size >= 512) {
      const bytes = readFileSync(path);
      const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
      writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      writeFileSync(`${path}.br`, br);
      files += 1;
      before += bytes.length;
      after += br.length;
    }
  }
};
walk(root);
console.log(`precompressed ${files} files: ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB (brotli)`);
