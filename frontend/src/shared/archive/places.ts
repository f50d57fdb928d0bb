// Place names for archive entries, from the org tree of GET /api/auth/v1/org-units: a unit's
// county (division_code) and market-supervision station (station_code) are org-unit codes.
import type { OrgUnitNode } from '@/shared/api/orgUnits'

export function* walk(nodes: readonly OrgUnitNode[]): Generator<OrgUnitNode> {
  for (const node of nodes) {
    yield node
    yield* walk(node.children)
  }
}

export function indexByCode(nodes: readonly OrgUnitNode[]): Map<string, OrgUnitNode> {
  const index = new Map<string, OrgUnitNode>()
  for (const node of walk(nodes)) index.set(node.code, node)
  return index
}

export function shortName(node: Pick<OrgUnitNode, 'name' | 'short_name'>): string {
  return node.short_name || node.name
}

type CodeIndex = ReadonlyMap<string, OrgUnitNode>

function nameOf(byCode: CodeIndex, code: string): string {
  const node = byCode.get(code)
  return node ? shortName(node) : code
}

/** "城关区 / 八廓所": a unit's county and, when known, its station. */
export function placeLabel(byCode: CodeIndex, divisionCode: string, stationCode?: string | null): string {
  const county = nameOf(byCode, divisionCode)
  return stationCode ? `${county} / ${nameOf(byCode, stationCode)}` : county
}

/** Names along an org path (540000/540100/540102/…), below the region, joined with " / ". */
export function pathLabel(byCode: CodeIndex, orgPath: string): string {
  const codes = orgPath.split('/').filter(Boolean)
  const shown = codes.filter((code) => byCode.get(code)?.level !== 'region')
  return (shown.length > 0 ? shown : codes).map((code) => nameOf(byCode, code)).join(' / ')
}

export interface CountyGroup {
  code: string
  label: string
  counties: { code: string; label: string }[]
}

/** Counties grouped under their prefecture (a county-level user gets one group). */
export function countyGroups(roots: readonly OrgUnitNode[]): CountyGroup[] {
  const groups: CountyGroup[] = []
  for (const node of walk(roots)) {
    const counties = node.children.filter((child) => child.level === 'county')
    if (counties.length > 0) {
      groups.push({
        code: node.code,
        label: shortName(node),
        counties: counties.map((c) => ({ code: c.code, label: shortName(c) })),
      })
    }
  }
  const lone = roots.filter((root) => root.level === 'county')
  if (lone.length > 0) groups.unshift({ code: '', label: '', counties: lone.map((c) => ({ code: c.code, label: shortName(c) })) })
  return groups
}

export interface PlaceOption {
  value: string
  label: string
  level: string
  children?: PlaceOption[]
}

function countyOption(county: OrgUnitNode): PlaceOption {
  const stations = county.children.filter((s) => s.level === 'station')
  return {
    value: county.code,
    label: shortName(county),
    level: county.level,
    children: stations.length > 0 ? stations.map((s) => ({ value: s.code, label: shortName(s), level: s.level })) : undefined,
  }
}

/** Cascader options: county → station, under prefectures when the tree has more than one. */
export function placeOptions(roots: readonly OrgUnitNode[]): PlaceOption[] {
  const groups = countyGroups(roots)
  const byCode = indexByCode(roots)
  const countyNodes = (group: CountyGroup) =>
    group.counties.map((c) => byCode.get(c.code)).filter((n): n is OrgUnitNode => n !== undefined)
  if (groups.length === 1 && groups[0]) return countyNodes(groups[0]).map(countyOption)
  return groups.map((group) => ({
    value: group.code,
    label: group.label,
    level: 'prefecture',
    children: countyNodes(group).map(countyOption),
  }))
}

/** The county and station codes a cascader path (codes from the top) points at. */
export function placeFromPath(
  byCode: CodeIndex,
  path: readonly string[],
): { divisionCode: string | null; stationCode: string | null } {
  let divisionCode: string | null = null
  let stationCode: string | null = null
  for (const code of path) {
    const level = byCode.get(code)?.level
    if (level === 'county') divisionCode = code
    if (level === 'station') stationCode = code
  }
  return { divisionCode, stationCode }
}

/** The cascader path for a unit's county and station. */
export function pathToPlace(byCode: CodeIndex, divisionCode: string, stationCode: string | null): string[] {
  const county = byCode.get(divisionCode)
  if (!county) return []
  const above = county.path.split('/').filter((code) => byCode.get(code)?.level === 'prefecture' && code !== divisionCode)
  return [...above, divisionCode, ...(stationCode ? [stationCode] : [])]
}
