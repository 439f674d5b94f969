import ReactEChartsCore from 'echarts-for-react/lib/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

// Only the parts of ECharts the page draws, so that its chunk stays small.
echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
]);

/** ECharts drawing `option` as SVG (its own chunk, loaded after the page's figures). */
export default function ChartCanvas({
  option,
  height,
  width,
}: {
  option: EChartsOption;
  height: number;
  width?: number;
}) {
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      opts={{ renderer: 'svg' }}
      style={{ height, width: width ?? '100%' }}
      notMerge
    />
  );
}
