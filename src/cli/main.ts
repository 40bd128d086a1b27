#!/usr/bin/env node
/** The `paraisite` command line: thin argument parsing over the public API. */
import { runCli } from "./commands.js";

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`paraisite: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
