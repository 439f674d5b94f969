import { lazy, Suspense } from 'react';
import type { EChartsOption } from 'echarts';

// Fetched as soon as the page starts, beside its first query; rendered once the figures are there.
const chartCanvas = import('./ChartCanvas');
const ChartCanvas = lazy(() => chartCanvas);

/** Colours with at least 4.5:1 contrast on white, told apart also by line style and legend. */
export const PALETTE = ['#1f4e99', '#b3261e', '#2e7d32', '#6a3d9a', '#8a5a00', '#00695c'];

interface ChartProps {
  option: EChartsOption;
  /** What the chart shows, said in words (screen readers read it; it is the figure's caption). */
  title: string;
  height?: number;
  /** A fixed width in pixels (a sparkline in a table cell); otherwise the figure's width. */
  width?: number;
  /** Hide the caption (a sparkline in a table cell, described by its row). */
  captionHidden?: boolean;
}

/**
 * A chart as a figure with a caption; ECharts describes its data to screen readers (aria). The
 * charting library loads after the page's figures, in a chunk of its own.
 */
export function Chart({ option, title, height = 260, width, captionHidden = false }: ChartProps) {
  return (
    <figure className="chart">
      <Suspense fallback={<div style={{ height }} aria-hidden="true" />}>
        <ChartCanvas
          option={{
            color: PALETTE,
            aria: { enabled: true, label: { description: title } },
            ...option,
          }}
          height={height}
          width={width}
        />
      </Suspense>
      <figcaption className={captionHidden ? 'visually-hidden' : undefined}>{title}</figcaption>
    </figure>
  );
}
