/** A CLI command's output channels, collected for assertions. */
import type { CliIO } from "../../src/cli/io.js";

export function captureIO(): { io: CliIO; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    io: {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
    },
    out: () => out,
    err: () => err,
  };
}
