/**
 * Is a prediction inside the ensemble's domain? Three checks travel with every κ (predict, scan,
 * the ensemble API): elements the models never saw in training, an ensemble spread above a
 * threshold calibrated on held-out data (disagreeing members signal extrapolation), and a member
 * output pinned at the physical κ range. The domain of an ensemble directory is its `domain.json`.
 */
import { WeightsError } from "../core/errors.js";
import { KAPPA_RANGE } from "../models/paraisite.js";
import { elementByZ } from "../structure/elements.js";

export const DOMAIN_FILE = "domain.json";
export const DOMAIN_FORMAT = "paraisite-domain";

/**
 * The spread threshold used when an ensemble's domain gives none: the std of log10 κ across
 * members above which, in the study's held-out cross-family tests, most predictions were off by
 * more than a factor 2 (results/2026-12-04/study, docs/applicability.md).
 */
export const DEFAULT_MAX_LOG10_SPREAD = 0.2;

/** The training structures in one member's learned representation (the trunk output feeding the head). */
export interface EmbeddingReference {
  /** Which member embeds (0-based index in the ensemble's model order). */
  readonly member: number;
  readonly width: number;
  /** Training structures' embeddings, row-major [n, width]. */
  readonly points: Float32Array;
  /** Median distance from a training structure to its nearest other training structure. */
  readonly scale: number;
  /** Flag a structure whose nearest training structure is farther than maxDistance × scale. */
  readonly maxDistance: number;
}

export interface ApplicabilityDomain {
  /** Element symbols present in the training data of every member. */
  readonly elements: readonly string[];
  /** Flag predictions whose members' log10 κ have a larger sample std. */
  readonly maxLog10Spread: number;
  /** Distance to the training data in the learned representation (optional). */
  readonly embedding?: EmbeddingReference;
  /** How the threshold was calibrated (free text and rates), for model cards. */
  readonly calibration?: { readonly [key: string]: string | number };
}

export type ApplicabilityFlag = "unseen-elements" | "high-spread" | "far-from-training" | "range-clamped";

export interface Applicability {
  /** True when no flag is raised. */
  readonly inDomain: boolean;
  readonly flags: readonly ApplicabilityFlag[];
  /** Elements of the structure absent from the training data. */
  readonly unseenElements: readonly string[];
  /** Sample std (ddof 1) of log10 κ across the members (0 for one member). */
  readonly log10Spread: number;
  /** Distance to the nearest training structure in units of the domain's scale (with an embedding reference). */
  readonly distance?: number;
}

/** Euclidean distance from `x` to the nearest row of `points` ([n, width] row-major). */
export function nearestDistance(points: Float32Array, width: number, x: ArrayLike<number>): number {
  let best = Number.POSITIVE_INFINITY;
  for (let start = 0; start < points.length; start += width) {
    let d = 0;
    for (let j = 0; j < width && d < best; j++) d += (points[start + j] - x[j]) ** 2;
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

/** Sample std of log10 of the values (ddof 1; 0 for fewer than two). */
export function log10Spread(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += Math.log10(values[i]);
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (Math.log10(values[i]) - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** Check one prediction: the structure's atomic numbers and the members' κ values. */
export function assessApplicability(
  domain: ApplicabilityDomain,
  atomicNumbers: ArrayLike<number>,
  values: ArrayLike<number>,
  embedding?: ArrayLike<number>,
): Applicability {
  const known = new Set(domain.elements);
  const unseen = new Set<string>();
  for (let i = 0; i < atomicNumbers.length; i++) {
    const symbol = elementByZ(atomicNumbers[i])?.symbol ?? `Z${atomicNumbers[i]}`;
    if (!known.has(symbol)) unseen.add(symbol);
  }
  const spread = log10Spread(values);
  const flags: ApplicabilityFlag[] = [];
  if (unseen.size > 0) flags.push("unseen-elements");
  if (spread > domain.maxLog10Spread) flags.push("high-spread");
  const reference = domain.embedding;
  const distance = reference !== undefined && embedding !== undefined ? nearestDistance(reference.points, reference.width, embedding) / reference.scale : undefined;
  if (distance !== undefined && reference !== undefined && distance > reference.maxDistance) flags.push("far-from-training");
  for (let i = 0; i < values.length; i++) {
    if (values[i] <= KAPPA_RANGE.min || values[i] >= KAPPA_RANGE.max) {
      flags.push("range-clamped");
      break;
    }
  }
  return { inDomain: flags.length === 0, flags, unseenElements: [...unseen].sort(), log10Spread: spread, ...(distance !== undefined ? { distance } : {}) };
}

/** One line for text output, e.g. "outside the model's domain: unseen elements Pu; members disagree (σ log10 κ 0.41)". */
export function describeApplicability(a: Applicability, domain: ApplicabilityDomain): string {
  if (a.inDomain) return "";
  const parts: string[] = [];
  if (a.flags.includes("unseen-elements")) parts.push(`elements never seen in training: ${a.unseenElements.join(", ")}`);
  if (a.flags.includes("high-spread")) parts.push(`members disagree (σ of log10 κ ${a.log10Spread.toFixed(2)} > ${domain.maxLog10Spread})`);
  if (a.flags.includes("far-from-training")) parts.push(`unlike every training structure (distance ${a.distance?.toFixed(1)} × typical)`);
  if (a.flags.includes("range-clamped")) parts.push(`a member left the physical κ range ${KAPPA_RANGE.min}–${KAPPA_RANGE.max} W/(m·K)`);
  return `outside the model's domain: ${parts.join("; ")}`;
}

/** Validate a parsed domain.json. */
export function parseDomain(json: unknown, where: string): ApplicabilityDomain {
  const d = json as { format?: unknown; elements?: unknown; maxLog10Spread?: unknown; calibration?: unknown; embedding?: unknown };
  if (d === null || typeof d !== "object" || d.format !== DOMAIN_FORMAT) throw new WeightsError(`${where}: not a ${DOMAIN_FORMAT} file`);
  if (!Array.isArray(d.elements) || d.elements.some((e) => typeof e !== "string")) throw new WeightsError(`${where}: 'elements' must be a list of element symbols`);
  if (typeof d.maxLog10Spread !== "number" || !(d.maxLog10Spread > 0)) throw new WeightsError(`${where}: 'maxLog10Spread' must be a positive number`);
  return {
    elements: d.elements as string[],
    maxLog10Spread: d.maxLog10Spread,
    ...(d.embedding !== undefined ? { embedding: parseEmbedding(d.embedding, where) } : {}),
    ...(d.calibration !== undefined ? { calibration: d.calibration as { [key: string]: string | number } } : {}),
  };
}

function parseEmbedding(json: unknown, where: string): EmbeddingReference {
  const e = json as { member?: unknown; width?: unknown; points?: unknown; scale?: unknown; maxDistance?: unknown };
  const positive = (v: unknown) => typeof v === "number" && v > 0;
  if (!Number.isInteger(e.member) || !Number.isInteger(e.width) || !positive(e.width) || typeof e.points !== "string" || !positive(e.scale) || !positive(e.maxDistance)) {
    throw new WeightsError(`${where}: 'embedding' needs member, width, points (base64 float32), scale and maxDistance`);
  }
  const points = float32FromBase64(e.points as string);
  if (points.length % (e.width as number) !== 0) throw new WeightsError(`${where}: embedding points are not a multiple of width ${e.width}`);
  return { member: e.member as number, width: e.width as number, points, scale: e.scale as number, maxDistance: e.maxDistance as number };
}

/** Little-endian float32 ↔ base64 (atob/btoa: Node ≥ 16 and browsers). */
export function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export function float32FromBase64(text: string): Float32Array {
  const raw = atob(text);
  const view = new DataView(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) view.setUint8(i, raw.charCodeAt(i));
  return Float32Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

/** domain.json contents for `domain`. */
export function domainJson(domain: ApplicabilityDomain): string {
  const { embedding, ...rest } = domain;
  const stored = embedding === undefined ? rest : { ...rest, embedding: { ...embedding, points: float32ToBase64(embedding.points) } };
  return `${JSON.stringify({ format: DOMAIN_FORMAT, version: 1, ...stored }, null, 1)}\n`;
}
