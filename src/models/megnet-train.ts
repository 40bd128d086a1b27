/**
 * The MEGNet forward pass for training, recorded on a {@link ManualTape} and exposed to tfjs as a
 * single custom op whose inputs are the model's variables. Same arithmetic as `MEGNet.forward`
 * (the tests compare both paths' gradients), ~half the kernel launches per step.
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp, isRecordingGradients } from "../backend/custom-op.js";
import type { SegmentIndex } from "../backend/graph-ops.js";
import { ManualTape } from "../backend/manual-tape.js";
import { type MEGNetConfig, readoutActivations, set2setProjects } from "./config.js";
import type { MEGNetInputs } from "./inputs.js";

type Param = (name: string) => tf.Tensor;

interface Features {
  readonly atoms: tf.Tensor2D;
  readonly bonds: tf.Tensor2D;
  readonly state: tf.Tensor2D;
}

function mlp(tape: ManualTape, p: Param, prefix: string, n: number, x: tf.Tensor2D, lastLinear: boolean): tf.Tensor2D {
  let y = x;
  for (let i = 0; i < n; i++) {
    const act = lastLinear && i === n - 1 ? "linear" : "softplus2";
    y = tape.dense(y, p(`${prefix}.${i}.kernel`) as tf.Tensor2D, p(`${prefix}.${i}.bias`) as tf.Tensor1D, act);
  }
  return y;
}

function megnetLayer(tape: ManualTape, p: Param, config: MEGNetConfig, b: number, x: Features, inputs: MEGNetInputs): Features {
  const { src, dst, nodeGraph, edgeGraph } = inputs.index;
  const a = x.atoms.shape[1];
  const bd = x.bonds.shape[1];
  const s = x.state.shape[1];
  const w0 = p(`block${b}.phi_e.0.kernel`) as tf.Tensor2D;
  // project the atoms and the state before gathering them to the edges
  const projected = tape.gatherSum([
    [tape.dense(x.atoms, tape.rows(w0, 0, a), undefined, "linear"), src],
    [tape.dense(x.atoms, tape.rows(w0, a, a), undefined, "linear"), dst],
    [tape.dense(x.state, tape.rows(w0, 2 * a + bd, s), undefined, "linear"), edgeGraph],
  ]);
  let e = tape.dense(x.bonds, tape.rows(w0, 2 * a, bd), p(`block${b}.phi_e.0.bias`) as tf.Tensor1D, "softplus2", projected);
  const nE = config.megnetUnits.edge.length;
  for (let i = 1; i < nE; i++) {
    e = tape.dense(e, p(`block${b}.phi_e.${i}.kernel`) as tf.Tensor2D, p(`block${b}.phi_e.${i}.bias`) as tf.Tensor1D, i === nE - 1 ? "linear" : "softplus2");
  }
  const stateOfAtom = tape.gatherSum([[x.state, nodeGraph]]);
  const v = mlp(tape, p, `block${b}.phi_v`, config.megnetUnits.node.length, tape.concatColumns([tape.segmentMean(e, src), x.atoms, stateOfAtom]), true);
  const pooled = tape.concatColumns([tape.segmentMean(e, edgeGraph), tape.segmentMean(v, nodeGraph), x.state]);
  const u = mlp(tape, p, `block${b}.phi_u`, config.megnetUnits.state.length, pooled, true);
  return { atoms: v, bonds: e, state: u };
}

function set2set(tape: ManualTape, p: Param, config: MEGNetConfig, prefix: string, x: tf.Tensor2D, graphOf: SegmentIndex): tf.Tensor2D {
  const m = set2setProjects(config) ? tape.dense(x, p(`${prefix}.x_to_m.kernel`) as tf.Tensor2D, p(`${prefix}.x_to_m.bias`) as tf.Tensor1D, "linear") : x;
  const keras = config.set2set.variant === "megnet-keras";
  return tape.set2set(m, p(`${prefix}.recurrent.kernel`) as tf.Tensor2D, p(`${prefix}.recurrent.bias`) as tf.Tensor1D, graphOf, config.set2set.steps, keras);
}

/** Forward on a tape → hidden [G, readout(-2)] and output [G, readout(-1)]. */
export function megnetForwardOnTape(tape: ManualTape, p: Param, config: MEGNetConfig, inputs: MEGNetInputs): { hidden: tf.Tensor2D; output: tf.Tensor2D } {
  const nPre = config.preblockUnits.length;
  const atoms0 = tape.gatherSum([[p("embedding") as tf.Tensor2D, inputs.atomTypes]]);
  let x: Features = {
    atoms: mlp(tape, p, "preblock.atom", nPre, atoms0, false),
    bonds: mlp(tape, p, "preblock.bond", nPre, inputs.bondFeatures, false),
    state: mlp(tape, p, "preblock.state", nPre, inputs.states, false),
  };
  for (let b = 0; b < config.nBlocks; b++) {
    const nFF = config.blockFFUnits.length;
    const inner: Features =
      b === 0 || nFF === 0
        ? x
        : {
            atoms: mlp(tape, p, `block${b}.ff.atom`, nFF, x.atoms, false),
            bonds: mlp(tape, p, `block${b}.ff.bond`, nFF, x.bonds, false),
            state: mlp(tape, p, `block${b}.ff.state`, nFF, x.state, false),
          };
    const out = megnetLayer(tape, p, config, b, inner, inputs);
    x = { atoms: tape.add(x.atoms, out.atoms), bonds: tape.add(x.bonds, out.bonds), state: tape.add(x.state, out.state) };
  }
  let y = tape.concatColumns([
    set2set(tape, p, config, "set2set.atom", x.atoms, inputs.index.nodeGraph),
    set2set(tape, p, config, "set2set.bond", x.bonds, inputs.index.edgeGraph),
    x.state,
  ]);
  const activations = readoutActivations(config);
  const n = activations.length;
  let hidden = y;
  for (let i = 0; i < n; i++) {
    y = tape.dense(y, p(`readout.${i}.kernel`) as tf.Tensor2D, p(`readout.${i}.bias`) as tf.Tensor1D, activations[i]);
    if (i === n - 2) hidden = y;
  }
  return { hidden, output: y };
}

interface EngineInternals {
  state: { activeTape: unknown };
}

interface PendingTape {
  readonly tape: ManualTape;
  readonly scope: unknown;
}

// Tapes whose intermediates are still held: freed after their backward pass, or at the next
// training forward of another gradient computation (a forward that never got a backward).
const pending = new Set<PendingTape>();

export function tfTapeIsOn(): boolean {
  return isRecordingGradients();
}

/**
 * [hidden | output] as one tfjs op, differentiable with tf.grads / tf.variableGrads in the
 * variables listed in `trainable` (the others, e.g. an unused output layer, act as constants).
 */
export function megnetTrainingForward(
  variables: ReadonlyMap<string, tf.Variable>,
  trainable: readonly tf.Variable[],
  config: MEGNetConfig,
  inputs: MEGNetInputs,
): tf.Tensor2D {
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
  let outputs: { hidden: tf.Tensor2D; output: tf.Tensor2D } | undefined;
  let done = false;
  return customOp<tf.Tensor2D>(
    vars,
    () => {
      outputs = megnetForwardOnTape(tape, (name) => variables.get(name) ?? missing(name), config, inputs);
      return tf.concat([outputs.hidden, outputs.output], 1);
    },
    (dy) => {
      const run = (): void => {
        const out = outputs;
        if (done || out === undefined) return;
        done = true;
        const width = out.hidden.shape[1];
        const rows = dy.shape[0];
        const dHidden = tf.slice(dy, [0, 0], [rows, width]);
        const dOutput = tf.slice(dy, [0, width], [rows, (dy.shape[1] as number) - width]);
        tape.backward([
          [out.hidden, dHidden],
          [out.output, dOutput],
        ]);
        tf.dispose([dHidden, dOutput]);
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
}

function missing(name: string): never {
  throw new Error(`model has no weight ${name}`);
}
