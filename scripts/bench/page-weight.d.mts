/** See page-weight.mjs: gzipped bytes of a built page and what it loads. */
export interface PageWeight {
  html: number;
  css: number;
  eagerJs: number;
  islandJs: number;
  firstView: number;
  all: number;
}
export declare function pageWeight(client: string, page: string): PageWeight;
