/**
 * The code points of Unicode categories P, Z and C together — what XSD's `\w` leaves out — as
 * this runtime's regular expressions define them, written out by scripts/gen_unicode_pzc.ts.
 * Finding them by testing every code point cost ≈ 35 ms in each process that met a pattern
 * with `\w` or `\W` (a fresh server's first `load_ids` of the 20,000-specification benchmark).
 * tests/ids/xsd_pattern_test.ts checks the list against the host's own tables, so a runtime
 * with other Unicode tables says to run the script again.
 *
 * @module
 */

/**
 * Ranges as base-36 numbers separated by commas: for each range, the gap from the end of the
 * previous one (from -1 for the first), then its length minus one.
 */
export const PZC_RANGES: string =
  "1,z,2,5,2,3,b,1,4,1,r,2,2,0,s,0,2,0,2,y,6,0,4,0,2,0,9,1,4,0,4,0,jd,1,5,0,2,3,4,0,4,0,2,0,l,0" +
  ",b2,0,13,1,2,5,16,3,4,0,1a,0,2,0,3,0,3,0,2,7,s,3,5,i,4,1,2,1,e,4,23,3,2v,0,9,0,z,f,1o,1,2u,d" +
  ",1k,2,2,1,1e,h,t,3,c,4,w,7,24,0,3m,1,b,0,k,0,9,1,3,1,n,0,8,0,2,2,5,1,a,1,3,1,5,7,2,3,3,0,6,1" +
  ",o,0,2,1,4,0,7,3,3,1,n,0,8,0,3,0,3,0,3,1,2,0,6,3,3,1,4,2,2,6,5,0,2,6,h,a,4,0,a,0,4,0,n,0,8,0" +
  ",3,0,6,1,b,0,4,0,4,1,2,e,5,1,b,0,2,6,8,0,4,0,9,1,3,1,n,0,8,0,3,0,6,1,a,1,3,1,4,6,4,3,3,0,6,1" +
  ",j,9,3,0,7,2,4,0,5,2,3,0,2,0,3,2,3,2,4,2,d,3,6,2,4,0,5,1,2,5,2,d,m,4,e,0,4,0,o,0,h,1,a,0,4,0" +
  ",5,6,3,0,4,1,2,1,5,1,b,7,d,0,9,0,4,0,o,0,b,0,6,1,a,0,4,0,5,6,3,5,3,0,5,1,b,0,4,b,e,0,4,0,1g," +
  "0,4,0,7,3,h,1,r,0,4,0,j,2,p,0,a,0,2,1,8,2,2,3,7,0,2,0,9,5,b,1,3,c,1n,3,h,0,b,12,3,0,2,0,6,0," +
  "p,0,2,0,o,1,6,0,2,0,8,0,b,1,5,v,5,e,2,0,12,3,b,0,11,3,l,0,j,0,11,0,g,0,3,4,5,12,23,5,3b,0,2," +
  "4,2,1,18,0,9a,0,5,1,8,0,2,0,5,1,16,0,5,1,y,0,5,1,8,0,2,0,5,1,g,0,1m,0,5,1,1w,1,4,8,l,2,r,5,2" +
  "f,1,7,2,ha,0,i,0,r,4,24,2,c,6,n,8,n,a,l,b,e,0,4,0,3,b,2d,2,2,2,4,1,b,5,b,g,4,0,c,5,2i,6,18,4" +
  ",1z,9,w,0,d,3,d,3,2,4,15,1,6,a,19,3,r,5,c,2,1r,3,1s,0,u,1,c,5,b,c,2,7,w,1c,26,2,b,6,t,2,39,b" +
  ",1l,7,b,2,1e,1,c,4,18,1,4,f,4,0,14,4,ev,1,7,1,13,1,7,1,9,0,2,0,2,0,2,0,w,1,1i,0,g,0,f,1,7,0," +
  "k,1,4,0,a,1w,2,c,2,s,3,1,a,1,f,2,e,2,y,e,y,e,3x,3,ah,3,u,1,74,l,c,k,ll,d,28,1,w,9,b8,l,1s,3," +
  "x,1,af,1,x,0,9q,8,2,1,13,0,2,4,2,1,1l,6,2,e,p,8,8,0,8,0,8,0,8,0,8,0,8,0,8,0,8,0,x,1a,2,v,3,1" +
  "9,r,0,2i,b,5z,p,h,3,5,9,3,b,h,0,d,0,3,0,2f,1,8,0,2j,0,5,4,18,0,2n,0,2f,8,1d,0,mlq,2,1k,8,1b," +
  "1,7i,2,t,j,1g,0,b,0,38,d,5r,1,3,0,2,0,9,k,1o,2,b,5,1h,b,1z,9,b,5,p,2,2,0,1e,1,11,b,u,2,1u,d," +
  "c,5,w,0,1k,8,f,1,b,5,2s,n,4,1,h,1,6,9,7,1,7,1,7,8,8,0,8,0,1p,3,3g,0,3,1,b,5,8md,b,o,3,1e,6ir" +
  ",a7,1,2z,11,8,b,6,4,r,0,6,0,2,0,3,0,3,0,3i,f,a4,1,29,1,1j,6,2,v,x,f,h,1d,2,0,4,1,2,5,6,0,3s," +
  "6,2,5,2,3,b,1,4,1,r,2,2,0,s,0,2,0,2,6,2i,2,7,1,7,1,7,1,4,2,8,0,8,c,3,1,d,0,r,0,k,0,3,0,g,1,f" +
  ",x,3g,b,1a,2,2h,0,e,2,2,1a,1b,3l,u,2,1e,e,t,3,11,8,v,4,18,4,v,1,11,3,9,0,6,15,4f,1,b,5,11,3," +
  "11,3,15,7,1h,b,c,0,g,0,8,0,3,0,c,0,g,0,8,0,3,2,1h,b,8o,8,n,9,9,n,7,0,17,0,a,1w,7,1,2,0,19,0," +
  "3,2,2,1,o,1,20,7,a,1b,k,0,3,4,y,3,r,1x,1l,3,l,1,1f,0,3,4,9,0,4,0,u,1,4,3,b,m,w,0,x,v,14,3,6," +
  "f,1j,9,n,1,s,4,r,m,8,27,22,1i,1g,c,1g,6,1b,7,b,5,13,2,6,0,o,7,3,5r,w,0,17,0,3,2,3,f,4,1i,19," +
  "7,12,q,n,15,t,j,o,8,20,a,11,8,1p,6,2,c,q,6,b,5,1i,0,b,3,5,7,11,1,2,8,1y,3,5,0,e,0,2,3,l,a,j," +
  "0,12,5,5,1p,8,0,2,0,5,0,g,0,b,6,1o,4,b,5,5,0,9,1,3,1,n,0,8,0,3,0,6,0,b,1,3,1,4,1,2,5,2,4,8,1" +
  ",8,2,6,a,b,0,2,1,2,0,13,0,b,0,2,1,2,0,5,0,9,c,3,s,24,4,b,3,5,t,1z,0,2,7,b,4l,1j,1,a,m,7,x,1u" +
  ",2,2,a,b,11,1m,6,b,5,l,r,s,1,g,3,d,2,9,54,1o,2s,2c,b,9,1,2,1,9,0,3,0,v,0,3,1,a,b,b,1x,9,1,1b" +
  ",1,9,0,3,q,1s,7,2,7,23,2,2,h,22,5i,y,e,b,5,a,0,1a,0,a,e,u,4,v,1,n,0,f,20,8,0,3,0,19,2,2,0,3," +
  "0,a,7,b,5,7,0,3,0,12,0,3,0,7,6,b,8l,o,8,i,0,16,2,6,c,c,2c,2,e,1f,d,pn,2t,34,g,5h,217,2q,e,tt" +
  ",f,n,9,330,4,g8,5a0,1n,1c5,fu,6,w,0,b,5,28,0,b,5,v,1,6,a,1k,4,9,0,2,9,b,0,8,0,m,4,k,bz,1a,2," +
  "b,5h,2g,2w,24,3,1m,6,i,1r,3,0,3,a,3,d,4qh,7,yf,14,b,6w6,5,0,8,0,3,0,84,e,2,s,4,1,2,d,5,7,b1," +
  "1s3,30,4,e,2,a,6,b,1,4,31c,6z,5,c5,23,1b,1,o,8,39,1n,6v,9,14,1,23,7,35,k,1z,3d,l,b,l,b,2g,8," +
  "q,3q,2e,0,20,0,3,1,2,1,3,1,5,0,d,0,2,0,8,0,1u,0,5,1,9,0,8,0,t,0,5,0,6,0,2,2,8,0,9h,1,85,1,je" +
  ",j,6,0,g,un,w,5,7,5w,8,0,i,1,8,0,3,0,6,4,1r,w,2,33,1a,2,f,1,b,3,3,8v,w,g,1n,4,2,cv,17,5x,18," +
  "dg,8,0,5,0,3,0,g,0,5i,1,h,14,25,3,b,ly,1x,23,1q,5d,5,0,s,0,3,0,2,1,2,0,b,0,5,0,2,0,2,5,2,3,2" +
  ",0,2,0,2,0,4,0,3,0,2,1,2,0,2,0,2,0,2,0,2,0,3,0,2,1,5,0,8,0,5,0,5,0,2,0,b,0,i,4,4,0,6,0,i,1f," +
  "3,7h,19,3,2t,b,g,1,g,0,g,0,12,9,4v,1j,u,c,19,3,a,6,3,d,7,49,rd,3,i,2,e,2,3c,3,2o,5,d,3,2,e,d" +
  ",3,1l,7,b,5,15,7,v,1,d,3,3,1p,9h,b,f,1,e,2,b,4,1l,6,g,1,c,5,a,6,44,0,2v,sl,wyp,v,37f,5,67,1," +
  "4g3,d,5rm,e,hb,1wh,f3,15t,3t8,4,38h,f9e7,6p,47bj";

/** The ranges (first and last code point, inclusive) of {@linkcode encodeRanges}' text. */
export function decodeRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const numbers = text.split(",");
  let last = -1;
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    const first = last + parseInt(numbers[i], 36);
    last = first + parseInt(numbers[i + 1], 36);
    out.push([first, last]);
  }
  return out;
}

/** Sorted, disjoint ranges as text for {@linkcode decodeRanges}. */
export function encodeRanges(ranges: readonly (readonly [number, number])[]): string {
  const numbers: string[] = [];
  let last = -1;
  for (const [first, end] of ranges) {
    numbers.push((first - last).toString(36), (end - first).toString(36));
    last = end;
  }
  return numbers.join(",");
}
