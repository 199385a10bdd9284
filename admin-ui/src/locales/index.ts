import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import elEn from 'element-plus/es/locale/lang/en';
import elZh from 'element-plus/es/locale/lang/zh-cn';
import en from './en';
import zhCN from './zh-CN';

export type Locale = 'zh-CN' | 'en';
const KEY = 'kaoping.locale';

function initial(): Locale {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: initial(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export const locale = computed(() => i18n.global.locale.value as Locale);
export const elementLocale = computed(() => (locale.value === 'en' ? elEn : elZh));

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l;
  document.documentElement.lang = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    /* ignore */
  }
}

export const $t = (key: string, args?: Record<string, unknown>) => i18n.global.t(key, args ?? {});
