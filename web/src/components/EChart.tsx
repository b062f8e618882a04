// Renders an Apache ECharts option (the API's `chart`, or one built here). Only the chart types and
// components Sagaz uses are registered, which keeps the bundle small; an option needing something
// else renders what it can. Follows the app theme, resizes with its container, and adapts its layout
// to narrow containers (chartLayout.ts). With `downloadName` it offers the chart as PNG (from the
// canvas) and SVG (drawn again by ECharts' SVG renderer, server-side mode, from the same option);
// `onItemClick` gets the data and series index of a clicked bar, point or slice.
import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, BoxplotChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  DataZoomComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  TransformComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import langPT from 'echarts/lib/i18n/langPT-br.js';
import { useTranslation } from 'react-i18next';
import { downloadBlob, downloadUrl } from '../export';
import { useTheme } from '../theme';
import { NARROW_WIDTH, responsiveOption } from './chartLayout';
import { echartsLocale, localizeOption } from './chartLocale';

echarts.use([
  BarChart,
  BoxplotChart,
  HeatmapChart,
  LineChart,
  PieChart,
  ScatterChart,
  AriaComponent,
  DataZoomComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  TransformComponent,
  VisualMapComponent,
  CanvasRenderer,
  SVGRenderer,
]);
echarts.registerLocale('PT-br', langPT);

export type ChartOption = Record<string, unknown>;

interface Props {
  option: ChartOption;
  /** What the chart shows, for people who cannot see it. */
  label: string;
  height?: number;
  testId?: string;
  /** Offer PNG and SVG downloads, as `<downloadName>.png` / `.svg`. */
  downloadName?: string;
  onItemClick?: (item: { dataIndex: number; seriesIndex: number }) => void;
}

/** A file name from a title: letters, digits and dashes. */
function fileName(title: string): string {
  return (
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'chart'
  );
}

export function EChart({ option, label, height = 340, testId, downloadName, onItemClick }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const { theme } = useTheme();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const locale = echartsLocale(lang);
  // The width the layout is for: any width from NARROW_WIDTH up is laid out alike, narrower ones in
  // steps of 40 px (so a resize does not lay the chart out again for every pixel).
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas', locale });
    chart.current = instance;
    const measure = () => {
      const now = el.clientWidth;
      if (now === 0) return; // not laid out (hidden): keep the last width
      setWidth(now >= NARROW_WIDTH ? NARROW_WIDTH : Math.max(40, Math.round(now / 40) * 40));
    };
    measure();
    const observer =
      typeof ResizeObserver !== 'undefined'
        ? new ResizeObserver(() => {
            measure();
            instance.resize();
          })
        : null;
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme, locale]);

  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;
  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const handler = (p: { dataIndex?: number; seriesIndex?: number }) => {
      if (typeof p.dataIndex === 'number') clickRef.current?.({ dataIndex: p.dataIndex, seriesIndex: p.seriesIndex ?? 0 });
    };
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [theme, locale]);

  const fullOption = () => ({
    backgroundColor: 'transparent',
    aria: { enabled: true },
    ...localizeOption(responsiveOption(option, width, lang), lang),
  });
  const downloadPng = () => {
    const url = chart.current?.getDataURL({
      type: 'png',
      pixelRatio: 2,
      backgroundColor: getComputedStyle(document.body).backgroundColor || '#fff',
    });
    if (url) downloadUrl(`${fileName(downloadName ?? label)}.png`, url);
  };
  const downloadSvg = () => {
    const el = ref.current;
    if (!el) return;
    const svgChart = echarts.init(null, theme === 'dark' ? 'dark' : undefined, {
      renderer: 'svg',
      ssr: true,
      width: el.clientWidth || 800,
      height,
      locale,
    });
    svgChart.setOption({ ...fullOption(), animation: false });
    const svg = svgChart.renderToSVGString();
    svgChart.dispose();
    downloadBlob(`${fileName(downloadName ?? label)}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
  };

  useEffect(() => {
    chart.current?.setOption(
      { backgroundColor: 'transparent', aria: { enabled: true }, ...localizeOption(responsiveOption(option, width, lang), lang) },
      { notMerge: true },
    );
  }, [option, theme, lang, width]);

  const canvas = (
    <div
      ref={ref}
      className={onItemClick ? 'chart clickable' : 'chart'}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ height, width: '100%' }}
    />
  );
  if (!downloadName) return canvas;
  return (
    <div className="chart-frame">
      <div className="chart-tools">
        <button
          type="button"
          className="button small ghost"
          onClick={downloadPng}
          title={t('charts.downloadPng')}
          data-testid={testId ? `${testId}-png` : undefined}
        >
          PNG
        </button>
        <button
          type="button"
          className="button small ghost"
          onClick={downloadSvg}
          title={t('charts.downloadSvg')}
          data-testid={testId ? `${testId}-svg` : undefined}
        >
          SVG
        </button>
      </div>
      {canvas}
    </div>
  );
}
