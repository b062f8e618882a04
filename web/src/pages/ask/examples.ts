// Example questions that the demo data (`sagaz demo`) answers, in both languages.
export const EXAMPLES: Record<'pt' | 'en', string[]> = {
  pt: [
    'Qual foi o nível de água ao longo do tempo?',
    'Quantos pedidos por status?',
    'Qual a receita total por mês?',
    'Qual o preço médio dos produtos por categoria?',
  ],
  en: [
    'How many orders per month?',
    'Average water level by sensor',
    'How many users per country?',
    'Top 5 products by sale price',
  ],
};
