/**
 * Gradients of the tfjs kernels the model and a typical loss use. tfjs-core's own gradient
 * configs live only in its unbundled ESM files (`dist/register_all_gradients.js`, with
 * extensionless imports Node cannot resolve); the `@tensorflow/tfjs` bundle registers them, but
 * this library depends on tfjs-core alone. Each config here is registered only when the kernel
 * has none yet (e.g. when tfjs-node brings the full bundle), mirroring tfjs-core's definitions.
 */
import * as tf from "@tensorflow/tfjs-core";

type Saved = tf.Tensor[];
type Attrs = Record<string, unknown>;
type GradMap = Record<string, () => tf.Tensor>;

/** dy reduced over the axes along which `shape` was broadcast to `outShape`. */
function unbroadcast(dy: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes([...shape], dy.shape);
  const reduced = axes.length > 0 ? tf.sum(dy, axes) : dy;
  return tf.reshape(reduced, [...shape]);
}

function axisList(axis: unknown, rank: number): number[] {
  const list = axis === undefined || axis === null ? [...Array(rank).keys()] : Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return list.map((a) => (a < 0 ? a + rank : a));
}

/** dy of a reduction broadcast back to x's shape. */
function expandReduced(dy: tf.Tensor, x: tf.Tensor, axis: unknown): tf.Tensor {
  const shape = x.shape.slice();
  for (const a of axisList(axis, x.rank)) shape[a] = 1;
  return tf.mul(tf.reshape(dy, shape), tf.onesLike(x));
}

interface Config {
  readonly inputsToSave?: string[];
  readonly outputsToSave?: boolean[];
  readonly saveAllInputs?: boolean;
  readonly grad: (dy: tf.Tensor, saved: Saved, attrs: Attrs) => GradMap;
}

const binary = (da: (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.Tensor, db: (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.Tensor): Config => ({
  inputsToSave: ["a", "b"],
  grad: (dy, [a, b]) => ({ a: () => unbroadcast(da(dy, a, b), a.shape), b: () => unbroadcast(db(dy, a, b), b.shape) }),
});

const unaryX = (f: (dy: tf.Tensor, x: tf.Tensor) => tf.Tensor): Config => ({ inputsToSave: ["x"], grad: (dy, [x]) => ({ x: () => f(dy, x) }) });
const unaryY = (f: (dy: tf.Tensor, y: tf.Tensor) => tf.Tensor): Config => ({ outputsToSave: [true], grad: (dy, [y]) => ({ x: () => f(dy, y) }) });
const zeroGrad: Config = { grad: (dy) => ({ x: () => tf.zerosLike(dy) }) };

const CONFIGS: Record<string, Config> = {
  Add: binary((dy) => dy, (dy) => dy),
  Sub: binary((dy) => dy, (dy) => tf.neg(dy)),
  Multiply: binary((dy, _a, b) => tf.mul(dy, b), (dy, a) => tf.mul(dy, a)),
  RealDiv: binary(
    (dy, _a, b) => tf.div(dy, b),
    (dy, a, b) => tf.neg(tf.div(tf.mul(dy, a), tf.square(b))),
  ),
  Maximum: binary(
    (dy, a, b) => tf.mul(dy, tf.cast(tf.greaterEqual(a, b), "float32")),
    (dy, a, b) => tf.mul(dy, tf.cast(tf.less(a, b), "float32")),
  ),
  Minimum: binary(
    (dy, a, b) => tf.mul(dy, tf.cast(tf.lessEqual(a, b), "float32")),
    (dy, a, b) => tf.mul(dy, tf.cast(tf.greater(a, b), "float32")),
  ),
  SquaredDifference: binary(
    (dy, a, b) => tf.mul(dy, tf.mul(2, tf.sub(a, b))),
    (dy, a, b) => tf.mul(dy, tf.mul(2, tf.sub(b, a))),
  ),
  Pow: {
    inputsToSave: ["a", "b"],
    outputsToSave: [true],
    grad: (dy, [a, b, y]) => ({
      a: () => unbroadcast(tf.mul(dy, tf.mul(b, tf.pow(a, tf.sub(b, 1)))), a.shape),
      // d(a^b)/db = a^b·ln a, defined as 0 where a ≤ 0
      b: () => {
        const logA = tf.where(tf.greater(a, 0), tf.log(a), tf.zerosLike(a));
        return unbroadcast(tf.mul(dy, tf.mul(y, logA)), b.shape);
      },
    }),
  },
  AddN: {
    saveAllInputs: true,
    grad: (dy, saved) => Object.fromEntries(saved.map((_, i) => [String(i), () => tf.clone(dy)])),
  },
  Neg: { grad: (dy) => ({ x: () => tf.neg(dy) }) },
  Identity: { grad: (dy) => ({ x: () => tf.clone(dy) }) },
  Cast: { grad: (dy) => ({ x: () => tf.clone(dy) }) },
  Exp: unaryY((dy, y) => tf.mul(dy, y)),
  Log: unaryX((dy, x) => tf.div(dy, x)),
  Log1p: unaryX((dy, x) => tf.div(dy, tf.add(x, 1))),
  Sqrt: unaryX((dy, x) => tf.div(dy, tf.mul(tf.sqrt(x), 2))),
  Rsqrt: unaryX((dy, x) => tf.div(dy, tf.mul(tf.pow(x, 1.5), -2))),
  Reciprocal: unaryX((dy, x) => tf.neg(tf.div(dy, tf.square(x)))),
  Square: unaryX((dy, x) => tf.mul(dy, tf.mul(x, 2))),
  Abs: unaryX((dy, x) => tf.mul(dy, tf.sign(x))),
  Tanh: unaryY((dy, y) => tf.mul(dy, tf.sub(1, tf.square(y)))),
  Sigmoid: unaryY((dy, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y)))),
  Relu: unaryX((dy, x) => tf.mul(dy, tf.step(x))),
  Softplus: unaryX((dy, x) => tf.mul(dy, tf.sigmoid(x))),
  Sign: zeroGrad,
  Step: zeroGrad,
  Floor: zeroGrad,
  Round: zeroGrad,
  Ceil: zeroGrad,
  ClipByValue: {
    inputsToSave: ["x"],
    grad: (dy, [x], attrs) => {
      const inside = tf.logicalAnd(tf.greaterEqual(x, attrs.clipValueMin as number), tf.lessEqual(x, attrs.clipValueMax as number));
      return { x: () => tf.where(inside, dy, tf.zerosLike(dy)) };
    },
  },
  Sum: { inputsToSave: ["x"], grad: (dy, [x], attrs) => ({ x: () => expandReduced(dy, x, attrs.axis) }) },
  Mean: {
    inputsToSave: ["x"],
    grad: (dy, [x], attrs) => ({
      x: () => {
        const n = axisList(attrs.axis, x.rank).reduce((p, a) => p * x.shape[a], 1);
        return tf.div(expandReduced(dy, x, attrs.axis), n);
      },
    }),
  },
  Reshape: { inputsToSave: ["x"], grad: (dy, [x]) => ({ x: () => tf.reshape(dy, x.shape) }) },
  ExpandDims: { inputsToSave: ["input"], grad: (dy, [x]) => ({ input: () => tf.reshape(dy, x.shape) }) },
  Squeeze: { inputsToSave: ["x"], grad: (dy, [x]) => ({ x: () => tf.reshape(dy, x.shape) }) },
  Transpose: {
    grad: (dy, _s, attrs) => {
      const perm = attrs.perm as number[];
      const inverse = perm.map((_, i) => perm.indexOf(i));
      return { x: () => tf.transpose(dy, inverse) };
    },
  },
  Concat: {
    saveAllInputs: true,
    grad: (dy, saved, attrs) => {
      const axis = axisList(attrs.axis, saved[0].rank)[0];
      const parts = tf.split(dy, saved.map((t) => t.shape[axis]), axis);
      return Object.fromEntries(parts.map((p, i) => [String(i), () => p]));
    },
  },
  SplitV: { grad: (dy, _s, attrs) => ({ x: () => tf.concat(dy as unknown as tf.Tensor[], attrs.axis as number) }) },
  Slice: {
    inputsToSave: ["x"],
    grad: (dy, [x], attrs) => {
      const begin = attrs.begin as number[];
      const paddings = dy.shape.map((d, i) => [begin[i], x.shape[i] - begin[i] - d] as [number, number]);
      return { x: () => tf.pad(dy, paddings) };
    },
  },
  BatchMatMul: {
    inputsToSave: ["a", "b"],
    grad: (dy, [a, b], attrs) => {
      const ta = attrs.transposeA === true;
      const tb = attrs.transposeB === true;
      const mm = (x: tf.Tensor, y: tf.Tensor, tx: boolean, ty: boolean): tf.Tensor =>
        tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, tx, ty);
      return {
        a: () => (ta ? mm(b, dy, tb, true) : mm(dy, b, false, !tb)),
        b: () => (tb ? mm(dy, a, true, ta) : mm(a, dy, !ta, false)),
      };
    },
  },
  Tile: {
    inputsToSave: ["x"],
    grad: (dy, [x], attrs) => ({
      x: () => {
        const reps = attrs.reps as number[];
        // sum the reps copies: reshape [r0, d0, r1, d1, …] and reduce the rep axes
        const shape = x.shape.flatMap((d, i) => [reps[i], d]);
        const axes = x.shape.map((_, i) => 2 * i);
        return tf.reshape(tf.sum(tf.reshape(dy, shape), axes), x.shape);
      },
    }),
  },
  // axis-0 gather of rows (the only form this library uses): dx = segment sum of dy by index
  GatherV2: {
    inputsToSave: ["x", "indices"],
    grad: (dy, [x, indices], attrs) => {
      if ((attrs.axis ?? 0) !== 0 || (attrs.batchDims ?? 0) !== 0 || indices.rank !== 1) {
        throw new Error("paraisite registers GatherV2's gradient for axis 0, batchDims 0 and 1-D indices only");
      }
      return {
        x: () => tf.scatterND(tf.reshape(indices, [indices.size, 1]), dy, x.shape),
        indices: () => tf.zeros(indices.shape),
      };
    },
  },
  Select: {
    inputsToSave: ["condition"],
    grad: (dy, [condition]) => ({
      condition: () => tf.zeros(condition.shape),
      t: () => tf.mul(dy, tf.cast(condition, dy.dtype)),
      e: () => tf.mul(dy, tf.cast(tf.logicalNot(condition), dy.dtype)),
    }),
  },
};

let registered = false;

/** Register the missing gradients once (idempotent). */
export function registerGradients(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, c] of Object.entries(CONFIGS)) {
    if (tf.getGradient(kernelName) !== undefined && tf.getGradient(kernelName) !== null) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: c.inputsToSave,
      outputsToSave: c.outputsToSave,
      saveAllInputs: c.saveAllInputs,
      gradFunc: (dy, saved, attrs) => c.grad(dy as tf.Tensor, saved, attrs as Attrs),
    });
  }
}

registerGradients();
