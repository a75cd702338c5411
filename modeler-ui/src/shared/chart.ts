import { onBeforeUnmount, onMounted, ref, watch, type Ref, type WatchSource } from 'vue';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * An ECharts chart in the element `box`: drawn from `option()` when mounted and again whenever `source` changes,
 * resized with the window, disposed with the component. `drawn` counts the drawings that finished (bars grown
 * to their length), so one can tell the chart is complete.
 */
export function useChart(box: Ref<HTMLElement | undefined>, option: () => EChartsCoreOption, source: WatchSource) {
  let chart: ECharts | undefined;
  const drawn = ref(0);
  const draw = () => chart?.setOption(option(), true);
  const resize = () => chart?.resize();
  onMounted(() => {
    chart = init(box.value!);
    chart.on('finished', () => { drawn.value += 1; });
    draw();
    window.addEventListener('resize', resize);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('resize', resize);
    chart?.dispose();
  });
  watch(source, () => { draw(); setTimeout(resize); }, { deep: true });
  return { resize, drawn };
}
