// The part of jStat (https://jstat.github.io, MIT) the effect evaluation uses; the package ships no types.
declare module 'jstat' {
  interface Distribution {
    inv(p: number, ...parameters: number[]): number;
    cdf(x: number, ...parameters: number[]): number;
  }
  const jstat: { jStat: { studentt: Distribution; normal: Distribution } };
  export default jstat;
}
