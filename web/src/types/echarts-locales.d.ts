// ECharts ships its locale files as plain ES modules without type declarations; they have the shape
// of its English locale.
declare module 'echarts/lib/i18n/langPT-br.js' {
  const locale: Parameters<typeof import('echarts/core').registerLocale>[1];
  export default locale;
}
