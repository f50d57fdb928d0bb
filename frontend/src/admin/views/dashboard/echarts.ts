// ECharts, only the parts the dashboard draws (tree-shaken), with Tibet's seven prefectures
// registered from geometry that ships in the bundle: nothing is fetched at run time.
import { BarChart, MapChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import tibet from './tibet-prefectures.geo.json'

echarts.use([MapChart, BarChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer])

export const TIBET_MAP = 'tibet-prefectures'
// Simplified prefecture boundaries from antvis/china-geojson (MIT), names and codes updated to
// today's divisions (日喀则、昌都、林芝、山南、那曲 became 市): a schematic, not a surveyed map.
echarts.registerMap(TIBET_MAP, tibet as Parameters<typeof echarts.registerMap>[1])

/** Map feature name → prefecture code, to drill down from a click. */
export const PREFECTURE_CODES: Record<string, string> = Object.fromEntries(
  tibet.features.map((f) => [f.properties.name, f.properties.code]),
)

export { echarts }
