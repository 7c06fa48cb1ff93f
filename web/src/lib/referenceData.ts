// Reference data shared by forms: the region tree and the technology
// fields, each fetched once and cached for the page's lifetime.

import { api } from '@/api/client'
import type { Region } from '@/api/types'

let regionsRequest: Promise<Region[]> | null = null
let techFieldsRequest: Promise<string[]> | null = null

/** Loads the region tree once per page load. A failed request is retried on the next call. */
export function loadRegions(): Promise<Region[]> {
  regionsRequest ??= api.regions().catch((err: unknown) => {
    regionsRequest = null
    throw err
  })
  return regionsRequest
}

/** Loads the technology fields once per page load. A failed request is retried on the next call. */
export function loadTechFields(): Promise<string[]> {
  techFieldsRequest ??= api.techFields().catch((err: unknown) => {
    techFieldsRequest = null
    throw err
  })
  return techFieldsRequest
}

/** Returns the chain of regions from the top level down to code, or [] when code is not in the tree. */
export function regionPath(tree: Region[], code: string): Region[] {
  for (const region of tree) {
    if (region.code === code) return [region]
    if (region.children?.length) {
      const rest = regionPath(region.children, code)
      if (rest.length > 0) return [region, ...rest]
    }
  }
  return []
}

/** Returns the full name of a region, such as "湖北省 / 武汉市 / 武昌区", or the code itself when unknown. */
export function regionFullName(tree: Region[], code: string | undefined, separator = ' / '): string {
  if (!code) return ''
  const path = regionPath(tree, code)
  return path.length > 0 ? path.map((r) => r.name).join(separator) : code
}

/** Returns whether code names a region without subdivisions, which is what an address must end at. */
export function isLeafRegion(tree: Region[], code: string): boolean {
  const path = regionPath(tree, code)
  const last = path[path.length - 1]
  return last !== undefined && !last.children?.length
}

/** The cascader value preselected for addresses: 湖北省 / 武汉市, so the applicant only picks a district. */
export const defaultRegionPath = ['420000', '420100']

/** The code of 武汉市, whose districts have service grids. */
export const wuhanCode = '420100'

/** Returns the districts of Wuhan in the region tree, in tree order, or [] when the tree lacks Wuhan. */
export function wuhanDistricts(tree: Region[]): Region[] {
  const path = regionPath(tree, wuhanCode)
  return path[path.length - 1]?.children ?? []
}
