#!/usr/bin/env node
/** The `paraisite` command line: thin argument parsing over the public API. */
import { runCli } from "./commands.js";

// A closed pipe (`paraisite … | head`) ends the command quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`paraisite: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
