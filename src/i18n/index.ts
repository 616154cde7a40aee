import zhCN from './zh-CN.json';
import en from './en.json';
import { format } from './format';

export { format };

/** A key of the UI strings; zh-CN is the source of truth. */
export type MessageKey = keyof typeof zhCN;
export type Locale = 'zh-CN' | 'en';

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/**
 * Looks up a UI string and fills `{name}` placeholders.
 * @example t('lessons.count', { n: 3 }) // '3 节课'
 */
export function t(key: MessageKey, params: Record<string, string | number> = {}, locale: Locale = 'zh-CN'): string {
  return format(catalogs[locale][key], params);
}

/** A subset of the catalogue for an island, so it ships only the strings it shows. */
export function pick<K extends MessageKey>(keys: readonly K[], locale: Locale = 'zh-CN'): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, catalogs[locale][key]])) as Record<K, string>;
}
