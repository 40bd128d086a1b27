/**
 * A forward pass recorded on a {@link ManualTape} and exposed to tfjs as a single custom op whose
 * inputs are the variables to differentiate: tfjs's tape sees one node, the manual tape runs the
 * backward with ~half the kernel launches (see manual-tape.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";
import type { LayerOps } from "./layer-ops.js";
import { ManualTape } from "./manual-tape.js";

interface EngineInternals {
  state: { activeTape: unknown };
}

interface PendingTape {
  readonly tape: ManualTape;
  readonly scope: unknown;
}

// Tapes whose intermediates are still held: freed after their backward pass, or at the next
// taped forward of another gradient computation (a forward that never got a backward).
const pending = new Set<PendingTape>();

/**
 * Run `forward` with the manual tape as its {@link LayerOps} and return its outputs (matrices
 * with equal row counts), differentiable with tf.grads / tf.variableGrads in `trainable`; other
 * tensors the forward reads act as constants. Call only while tfjs records a gradient.
 */
export function recordOnTape(trainable: readonly tf.Variable[], forward: (ops: LayerOps) => readonly tf.Tensor2D[]): tf.Tensor2D[] {
  const scope = (tf.engine() as unknown as EngineInternals).state.activeTape;
  for (const entry of pending) {
    if (entry.scope !== scope) {
      entry.tape.dispose();
      pending.delete(entry);
    }
  }
  const vars = [...trainable];
  const tape = new ManualTape(vars);
  const entry: PendingTape = { tape, scope };
  pending.add(entry);
  let outputs: readonly tf.Tensor2D[] | undefined;
  let done = false;
  // the outputs side by side, one tfjs op; split again below
  const joined = customOp<tf.Tensor2D>(
    vars,
    () => {
      outputs = forward(tape);
      return tf.concat(outputs as tf.Tensor2D[], 1);
    },
    (dy) => {
      const run = (): void => {
        const out = outputs;
        if (done || out === undefined) return;
        done = true;
        const rows = dy.shape[0];
        let offset = 0;
        const seeds = out.map((y) => {
          const d = tf.slice(dy, [0, offset], [rows, y.shape[1]]);
          offset += y.shape[1];
          return [y, d] as const;
        });
        tape.backward(seeds);
        tf.dispose(seeds.map(([, d]) => d));
      };
      return vars.map((v) => () => {
        run();
        const g = tape.take(v) ?? tf.zerosLike(v);
        // the last gradient taken frees the tape
        if (tape.takenCount === vars.length) {
          tape.dispose();
          pending.delete(entry);
        }
        return g;
      });
    },
  );
  const rows = joined.shape[0];
  let offset = 0;
  return (outputs ?? []).map((y) => {
    const part = tf.slice(joined, [0, offset], [rows, y.shape[1]]);
    offset += y.shape[1];
    return part;
  });
}
