// Place names for archive entries, from the org tree of GET /api/auth/v1/org-units: a unit's
// county (division_code) and market-supervision station (station_code) are org-unit codes.
import type { OrgUnitNode } from '@/shared/api/orgUnits'
import { indexByCode, shortName, walk } from '@/shared/orgTree'

type CodeIndex = ReadonlyMap<string, OrgUnitNode>

function nameOf(byCode: CodeIndex, code: string): string {
  const node = byCode.get(code)
  return node ? shortName(node) : code
}

/**
 * "城关区 / 八廓所": a unit's county and, when known, its station. A user low in the tree (a station)
 * does not see its county in its own org tree; then the names it does know are shown.
 */
export function placeLabel(byCode: CodeIndex, divisionCode: string, stationCode?: string | null): string {
  const codes = stationCode ? [divisionCode, stationCode] : [divisionCode]
  const known = codes.filter((code) => byCode.has(code))
  return (known.length > 0 ? known : codes).map((code) => nameOf(byCode, code)).join(' / ')
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

// A type alias, not an interface: Element Plus's CascaderOption wants an index signature.
export type PlaceOption = {
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

function findPath(options: readonly PlaceOption[], value: string): string[] | null {
  for (const option of options) {
    if (option.value === value) return [option.value]
    const below = option.children ? findPath(option.children, value) : null
    if (below) return [option.value, ...below]
  }
  return null
}

/** The cascader path (in `options`) for a unit's station, or its county. */
export function pathToPlace(options: readonly PlaceOption[], divisionCode: string, stationCode: string | null): string[] {
  return (stationCode ? findPath(options, stationCode) : null) ?? findPath(options, divisionCode) ?? []
}
