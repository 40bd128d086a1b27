/** The output channels every CLI command writes to (injectable for tests). */
export interface CliIO {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

export const processIO: CliIO = {
  stdout: (s) => {
    process.stdout.write(s);
  },
  stderr: (s) => {
    process.stderr.write(s);
  },
};

/** A path inside the installed package (e.g. `examples/structures`), when it exists there. */
export { packagePath } from "../registry/package-root.js";
