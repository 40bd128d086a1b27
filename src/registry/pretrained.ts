/** Load a registered pretrained MEGNet by id: resolve (and verify, or download) then import. */
import { type KerasMEGNetImport, loadKerasMEGNet } from "../weights/keras.js";
import { type ResolveOptions, resolveWeights } from "./resolve.js";

/** e.g. `loadPretrainedMEGNet("megnet/mp-2018.6.1/formation_energy")`. */
export async function loadPretrainedMEGNet(id: string, options: ResolveOptions = {}): Promise<KerasMEGNetImport> {
  const resolved = await resolveWeights(id, options);
  return loadKerasMEGNet(resolved.path, { sidecarPath: resolved.sidecar.path });
}
