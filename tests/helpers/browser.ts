import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** Fills and sends the adults' sign-in form of the `/login/` page open in `page` (the demo password unless given). */
export async function submitAdultSignIn(page: Page, account: string, password = 'qingyuan2026'): Promise<void> {
  const form = page.locator('form', { has: page.getByLabel('手机号或邮箱') });
  await form.getByLabel('手机号或邮箱').fill(account);
  await form.getByLabel('密码').fill(password);
  await form.getByRole('button', { name: '登录' }).click();
}
