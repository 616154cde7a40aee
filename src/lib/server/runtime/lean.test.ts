import { describe, expect, test } from 'vitest';
import { leanArgv, leanNodeFlags } from './lean';

describe('leanArgv', () => {
  test('starts the same script with the same arguments, the lean flags first', () => {
    expect(leanArgv('/usr/bin/node', ['--experimental-strip-types'], ['/usr/bin/node', 'scripts/start.ts', '--x'])).toEqual([
      '/usr/bin/node',
      ...leanNodeFlags,
      '--experimental-strip-types',
      'scripts/start.ts',
      '--x',
    ]);
  });

  test('a process that already runs lean is left alone, so start replaces itself at most once', () => {
    expect(leanArgv('/usr/bin/node', [...leanNodeFlags, '--experimental-strip-types'], ['/usr/bin/node', 'scripts/start.ts'])).toBeNull();
  });

  test('flags the user gave already are not repeated', () => {
    const argv = leanArgv('/usr/bin/node', ['--liftoff-only'], ['/usr/bin/node', 'scripts/start.ts']) ?? [];
    expect(argv.filter((a) => a === '--liftoff-only')).toHaveLength(1);
  });
});
