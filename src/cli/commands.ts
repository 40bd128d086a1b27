import { VERSION } from "../version.js";

const USAGE = `paraisite ${VERSION}
usage: paraisite <command> [options]

commands:
  info        version, runtime and compute backend
  help        this text
`;

/** Run one CLI invocation; resolves to the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command = "help"] = argv;
  switch (command) {
    case "info":
      process.stdout.write(`paraisite ${VERSION}\nnode ${process.versions.node}\n`);
      return 0;
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`paraisite: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
