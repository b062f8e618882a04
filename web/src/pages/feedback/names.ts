// Tag names in the UI language, from the taxonomy (the tag's key when the taxonomy lacks it).
import { formatDate, formatDay } from '../../format';
import type { FeedbackTag } from '../../api/tools';

export function tagName(tag: string, tags: FeedbackTag[], lang: string): string {
  const found = tags.find((t) => t.tag === tag);
  if (!found) return tag;
  return lang.startsWith('pt') ? found.name_pt : found.name_en;
}

/** A comment's time: the day alone when it was given as a date (midnight UTC), else day and time. */
export function formatWhen(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  return /^\d{4}-\d{2}-\d{2}(T00:00:00(\.0+)?Z)?$/.test(iso) ? formatDay(iso, lang) : formatDate(iso, lang);
}
