export * from "./graph-ops.js";
export * from "./select.js";
export * from "./custom-op.js";
export * from "./gradients.js";
export * from "./manual-tape.js";
export * from "./activation-ops.js";
export * from "./set2set-host.js";
