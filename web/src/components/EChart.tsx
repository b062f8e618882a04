// Renders an Apache ECharts option (the API's `chart`, or one built here). Only the chart types and
// components Sagaz uses are registered, which keeps the bundle small; an option needing something
// else renders what it can. Follows the app theme, resizes with its container, and adapts its layout
// to narrow containers (chartLayout.ts).
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
import { CanvasRenderer } from 'echarts/renderers';
import langPT from 'echarts/lib/i18n/langPT-br.js';
import { useTranslation } from 'react-i18next';
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
]);
echarts.registerLocale('PT-br', langPT);

export type ChartOption = Record<string, unknown>;

interface Props {
  option: ChartOption;
  /** What the chart shows, for people who cannot see it. */
  label: string;
  height?: number;
  testId?: string;
}

export function EChart({ option, label, height = 340, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const { theme } = useTheme();
  const { i18n } = useTranslation();
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

  useEffect(() => {
    chart.current?.setOption(
      { backgroundColor: 'transparent', aria: { enabled: true }, ...localizeOption(responsiveOption(option, width, lang), lang) },
      { notMerge: true },
    );
  }, [option, theme, lang, width]);

  return (
    <div
      ref={ref}
      className="chart"
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ height, width: '100%' }}
    />
  );
}
