// 主体档案: the archive list, one unit, its changes and its products (registry /v1/enterprises).
import { call } from './client'
import type { CallOptions } from './client'
import { downloadFile } from './files'
import { REGISTRY_BASE, registry } from './registryClient'
import type { RegistryPaths as paths } from './registryClient'
import type { BodyJson, OkJson } from './types'

type ListOp = paths['/v1/enterprises']['get']
type DetailOp = paths['/v1/enterprises/{enterprise_id}']['get']

export type EnterpriseQuery = NonNullable<ListOp['parameters']['query']>
export type EnterprisePage = OkJson<ListOp>
export type EnterpriseSummary = EnterprisePage['items'][number]
export type EnterpriseDetail = OkJson<DetailOp>
export type EnterpriseCreate = BodyJson<paths['/v1/enterprises']['post']>
export type EnterpriseUpdate = BodyJson<paths['/v1/enterprises/{enterprise_id}']['patch']>
export type HistoryPage = OkJson<paths['/v1/enterprises/{enterprise_id}/history']['get']>
export type HistoryEntry = HistoryPage['items'][number]
export type ProductIn = BodyJson<paths['/v1/enterprises/{enterprise_id}/products']['post']>
export type ProductOut = EnterpriseDetail['products'][number]
export type UnitType = EnterpriseCreate['unit_types'][number]
export type EnterpriseStatus = NonNullable<EnterpriseUpdate['status']>
export type ProductScope = ProductIn['scope']
/** The export takes the list's filters, without paging and sorting. */
export type EnterpriseExportQuery = NonNullable<paths['/v1/exports/enterprises.xlsx']['get']['parameters']['query']>

/** Error codes the archive pages react to. */
export const ENTERPRISE_ERROR = {
  versionConflict: 'VERSION_CONFLICT',
  creditCodeExists: 'CREDIT_CODE_EXISTS',
  searchTooShort: 'SEARCH_TOO_SHORT',
} as const

const path = (id: string) => ({ path: { enterprise_id: id } })

export function listEnterprises(query: EnterpriseQuery, options?: CallOptions): Promise<EnterprisePage> {
  return call(registry.GET('/v1/enterprises', { params: { query } }), options)
}

export function getEnterprise(id: string, options?: CallOptions): Promise<EnterpriseDetail> {
  return call(registry.GET('/v1/enterprises/{enterprise_id}', { params: path(id) }), options)
}

export function createEnterprise(body: EnterpriseCreate, options?: CallOptions): Promise<EnterpriseDetail> {
  return call(registry.POST('/v1/enterprises', { body }), options)
}

/** PATCH with the version read; a stale one answers 409 VERSION_CONFLICT. */
export function updateEnterprise(id: string, body: EnterpriseUpdate, options?: CallOptions): Promise<EnterpriseDetail> {
  return call(registry.PATCH('/v1/enterprises/{enterprise_id}', { params: path(id), body }), options)
}

export function enterpriseHistory(id: string, page: number, size: number, options?: CallOptions): Promise<HistoryPage> {
  return call(
    registry.GET('/v1/enterprises/{enterprise_id}/history', { params: { ...path(id), query: { page, size } } }),
    options,
  )
}

export function addProduct(id: string, body: ProductIn, options?: CallOptions): Promise<EnterpriseDetail> {
  return call(registry.POST('/v1/enterprises/{enterprise_id}/products', { params: path(id), body }), options)
}

export function removeProduct(id: string, productId: string, options?: CallOptions): Promise<EnterpriseDetail> {
  return call(
    registry.DELETE('/v1/enterprises/{enterprise_id}/products/{product_id}', {
      params: { path: { enterprise_id: id, product_id: productId } },
    }),
    options,
  )
}

/** The archive as xlsx, filtered like the list. */
export function exportEnterprises(query: EnterpriseExportQuery, options?: CallOptions): Promise<void> {
  return downloadFile(`${REGISTRY_BASE}/v1/exports/enterprises.xlsx`, '主体档案.xlsx', query, options)
}
