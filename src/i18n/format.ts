/**
 * Fills `{name}` placeholders in a looked-up string. Kept apart from the catalogues so
 * islands can import it without shipping them.
 * @example format('得分 {score}', { score: 4 }) // '得分 4'
 */
export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
