/** A GB/T 2260 region. */
export interface RegionView {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}
