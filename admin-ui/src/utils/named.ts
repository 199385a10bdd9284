/**
 * "label (name)" as the UI writes a thing with its name beside it: full-width brackets without a space in Chinese
 * (星级（stars）), ASCII brackets after a space in English (Stars (stars)).
 */
export function named(label: string, name: string, locale: string): string {
  return locale === 'en' ? `${label} (${name})` : `${label}（${name}）`;
}
