/**
 * The one option parser of every command: node:util `parseArgs` (strict: unknown options and
 * missing values are errors), `--help`/`-h` on every command, and value checks that all speak
 * the same way ("--x must be one of a, b, got 'c'"). A usage error prints the message and the
 * command's usage on stderr and exits with code 2.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { CliIO } from "./io.js";

/** A mistake in the command line: reported with the usage, exit code 2. */
export class UsageError extends Error {}

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

export interface CommandSpec<O extends OptionsConfig> {
  /** The command's name, as in `paraisite <name>`. */
  readonly name: string;
  readonly usage: string;
  /** Options besides `--help`/`-h`, which every command has. */
  readonly options: O;
  /** How many positional arguments the command takes (default: none). */
  readonly positionals?: { readonly min?: number; readonly max?: number; readonly what?: string };
}

const HELP = { help: { type: "boolean", short: "h" } } as const;

/** The parsed option values of a command with options `O`. */
export type CommandValues<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ options: O & typeof HELP; allowPositionals: true }>>["values"];

/** Parse `argv` for `spec` and run `body` with the values; `--help` prints the usage, usage errors exit 2. */
export async function runCommand<O extends OptionsConfig>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  io: CliIO,
  body: (values: CommandValues<O>, positionals: string[]) => Promise<number>,
): Promise<number> {
  let parsed: { values: CommandValues<O>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: { ...spec.options, ...HELP }, allowPositionals: true, strict: true });
  } catch (e) {
    return usageError(spec, io, (e as Error).message);
  }
  // generic in the options, so `help` is read through its known type
  if ((parsed.values as { readonly help?: boolean }).help === true) {
    io.stdout(spec.usage);
    return 0;
  }
  const { min = 0, max = min, what = "argument" } = spec.positionals ?? {};
  const n = parsed.positionals.length;
  if (n < min || n > max) {
    const wanted = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
    return usageError(spec, io, `expected ${wanted} ${what}${max === 1 && min === 1 ? "" : "(s)"}, got ${n}`);
  }
  try {
    return await body(parsed.values, parsed.positionals);
  } catch (e) {
    if (e instanceof UsageError) return usageError(spec, io, e.message);
    throw e;
  }
}

function usageError(spec: CommandSpec<OptionsConfig>, io: CliIO, message: string): number {
  io.stderr(`paraisite ${spec.name}: ${message}\n${spec.usage}`);
  return 2;
}

/** `value` when it is one of `allowed`; undefined when absent. */
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got '${value}'`);
  return value as T;
}

/** An integer ≥ `min`; undefined when absent. */
export function integerAtLeast(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got '${value}'`);
  return n;
}

/** Any integer; undefined when absent. */
export function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, got '${value}'`);
  return n;
}

/** A number in [min, max) (max exclusive when given), or > 0 by default; undefined when absent. */
export function numberIn(name: string, value: string | undefined, range: { readonly min: number; readonly max?: number; readonly minExclusive?: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const aboveMin = range.minExclusive ? n > range.min : n >= range.min;
  const belowMax = range.max === undefined || n < range.max;
  if (value.trim() === "" || !(aboveMin && belowMax)) {
    const low = `${range.minExclusive ? ">" : ">="} ${range.min}`;
    throw new UsageError(`--${name} must be a number ${low}${range.max === undefined ? "" : ` and < ${range.max}`}, got '${value}'`);
  }
  return n;
}
