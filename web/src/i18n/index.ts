// English and Brazilian Portuguese. The first visit follows the browser's languages; the switch in
// the header changes and remembers the choice.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import pt from './pt';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'pt-BR', label: 'Português (Brasil)' },
] as const;
export type UiLanguage = (typeof LANGUAGES)[number]['code'];

const KEY = 'sagaz.language';

export function detectLanguage(saved: string | null, browser: readonly string[]): UiLanguage {
  if (saved === 'en' || saved === 'pt-BR') return saved;
  for (const l of browser) {
    const lower = l.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function savedLanguage(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setLanguage(lang: UiLanguage): void {
  void i18n.changeLanguage(lang);
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // not remembered; still applied
  }
}

const browser = typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : [];

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'pt-BR': { translation: pt } },
  lng: detectLanguage(savedLanguage(), browser),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export default i18n;
