// Marks a question's words in the passages that answer it, and finds the [n] citation markers of an
// answer. Matching ignores case and accents and takes a word's stem (its first five letters), so
// "reembolso" marks "reembolsar" and "devolução" marks "devolucao".

const STOP = new Set(
  (
    'a o e de da do das dos em no na nos nas um uma para por com sem que qual quais como quando onde ' +
    'se ao aos the of to in on for and or is are was be do does how what when where which who why ' +
    'with it its an at by from this that these those my your our their can long much many'
  ).split(' '),
);

export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const stem = (w: string) => w.slice(0, 5);

/** The stems to mark: the question's words (no stop words, ≥ 3 letters) and the expansions. */
export function searchStems(question: string, expansions: string[] = []): string[] {
  const words = [question, ...expansions]
    .flatMap((s) => fold(s).split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= 3 && !STOP.has(w));
  return [...new Set(words.map(stem))];
}

export interface Segment {
  text: string;
  hit: boolean;
}

/** The text cut into marked and unmarked pieces (in order; joined they are the text). */
export function highlight(text: string, stems: string[]): Segment[] {
  if (stems.length === 0) return [{ text, hit: false }];
  const out: Segment[] = [];
  const word = /[\p{L}\p{N}]+/gu;
  let last = 0;
  for (const m of text.matchAll(word)) {
    const start = m.index ?? 0;
    const hit = stems.some((s) => fold(m[0]).startsWith(s) && fold(m[0]).length >= Math.min(3, s.length));
    if (!hit) continue;
    if (start > last) out.push({ text: text.slice(last, start), hit: false });
    out.push({ text: m[0], hit: true });
    last = start + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}

export type AnswerPart = { text: string } | { cite: number };

/** An answer's text with its [n] markers (also [1, 2] and [1][2]) as citation parts. */
export function splitCitations(answer: string): AnswerPart[] {
  const out: AnswerPart[] = [];
  const marker = /\[(\d+(?:\s*,\s*\d+)*)\]/g;
  let last = 0;
  for (const m of answer.matchAll(marker)) {
    const start = m.index ?? 0;
    if (start > last) out.push({ text: answer.slice(last, start) });
    for (const n of m[1].split(',')) out.push({ cite: Number(n.trim()) });
    last = start + m[0].length;
  }
  if (last < answer.length) out.push({ text: answer.slice(last) });
  return out;
}
