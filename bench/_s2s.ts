import { set2setBackward, set2setForward } from "../src/backend/set2set-host.js";
const n = 16, G = 8;
for (const [N, keras] of [[1500, true], [100, true], [1500, false], [1500, true], [1500, true]] as const) {
  const ids = Int32Array.from({ length: N }, (_, k) => Math.floor((k * G) / N));
  const m = Float32Array.from({ length: N * n }, (_, i) => Math.sin(i) * 0.3);
  const kernel = Float32Array.from({ length: 2 * n * 4 * n }, (_, i) => Math.cos(i) * 0.1);
  const bias = new Float32Array(4 * n);
  const dq = Float32Array.from({ length: G * 2 * n }, (_, i) => Math.sin(i * 3));
  const spec = { nHidden: n, steps: 3, keras, nSegments: G, ids };
  let tf = 0, tb = 0;
  for (let r = 0; r < 400; r++) {
    let t = performance.now();
    const res = set2setForward(m, kernel, bias, spec);
    tf += performance.now() - t; t = performance.now();
    set2setBackward(m, kernel, spec, res, dq);
    tb += performance.now() - t;
  }
  console.log(`N=${N} keras=${keras}: forward ${(tf / 400 * 1000).toFixed(0)} µs, backward ${(tb / 400 * 1000).toFixed(0)} µs`);
}
