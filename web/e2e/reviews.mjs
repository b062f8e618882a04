// Generates product reviews in Portuguese (and a few in English) with the sentiment each was written
// with, spread over recent days and three sources: a comments CSV as a shop would export it, and a
// gold-label CSV of the same comments for the evaluation. Deterministic (a fixed seed).
const POSITIVE = [
  'Chegou antes do prazo, produto ótimo!',
  'Adorei, qualidade excelente e entrega rápida.',
  'Atendimento muito bom, resolveram meu problema na hora.',
  'Preço justo e o produto é exatamente como anunciado.',
  'Recomendo, veio bem embalado e funciona perfeitamente.',
  'Great product, arrived early and works perfectly.',
];
const NEGATIVE = [
  'Entrega atrasada e o produto veio quebrado, péssimo.',
  'Nunca mais compro, atendimento horrível e ninguém responde.',
  'Produto de má qualidade, parou de funcionar em uma semana.',
  'Cobraram duas vezes no cartão e não devolveram o dinheiro.',
  'Pedi a troca faz um mês e até agora nada, que decepção.',
  'Terrible, the package never arrived and support ignores me.',
];
const NEUTRAL = [
  'O produto chegou na data prevista.',
  'Comprei para minha mãe, ainda não usamos.',
  'A caixa tinha o manual em inglês.',
  'Entregue pelos Correios na quarta-feira.',
  'Veio na cor azul conforme o pedido.',
];
const SOURCES = ['loja', 'app', 'marketplace'];

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const csvCell = (v) => (/[",\n;]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** { comments, gold }: CSV texts of `n` reviews over the `days` days before `end`. */
export function reviews(n = 240, days = 45, end = new Date()) {
  const r = rng(42);
  const comments = ['id,text,source,created_at,author'];
  const gold = ['id,source,sentiment'];
  for (let i = 0; i < n; ++i) {
    const u = r();
    const [label, pool] = u < 0.45 ? ['positive', POSITIVE] : u < 0.8 ? ['negative', NEGATIVE] : ['neutral', NEUTRAL];
    const text = `${pool[Math.floor(r() * pool.length)]} Pedido ${1000 + i}.`;
    const source = SOURCES[i % SOURCES.length];
    const day = new Date(end.getTime() - Math.floor(r() * days) * 86_400_000);
    const id = `r${i + 1}`;
    comments.push([id, text, source, day.toISOString().slice(0, 10), `cliente${i % 37}`].map(csvCell).join(','));
    gold.push([id, source, label].join(','));
  }
  return { comments: comments.join('\n') + '\n', gold: gold.join('\n') + '\n' };
}
