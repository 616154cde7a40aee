import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, or CHROMIUM_PATH; the tests never download a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run. CI sets REQUIRE_BROWSER=1 so a missing Chromium fails
 * loudly there instead of skipping.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`找不到 Chromium：${chromiumPath}（apt-get install chromium）`);
  console.warn(`跳过浏览器测试：找不到 ${chromiumPath}。安装 Debian 的 chromium 包后即可运行。`);
  return false;
}

/** Launches headless Chromium with the flags this sandboxed, offline machine needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
