/**
 * Every data and weight file paraisite knows by id, with its checksum, size and where it comes
 * from. Checksums were computed from the reference copies (the repository's data/ and weights/ hold the
 * carried ones, byte for byte); docs/data-directory.md has the table.
 */

export type FileCategory = "dataset" | "weights";

/**
 * Which copy of the project carries a file: `package` = the npm package (and so every git
 * clone), `repository` = a git clone only (kept out of the tarball to keep it small).
 */
export type BundledIn = "package" | "repository";

export interface KnownFile {
  /** Registry id, e.g. `togo15` or `megnet/mp-2018.6.1/formation_energy`. */
  readonly id: string;
  readonly category: FileCategory;
  /** Path relative to the data directory (datasets) or the weights directory (weights). */
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
  /** Public download URL; absent when the file must be obtained by hand (see `provenance`). */
  readonly url?: string;
  /** Where the file comes from and how to obtain it. */
  readonly provenance: string;
  readonly license?: string;
  readonly description: string;
  /** Other ids accepted for this file. */
  readonly aliases?: readonly string[];
  /** Weights: id of the `.hdf5.json` sidecar entry that must accompany the model. */
  readonly sidecar?: string;
  /**
   * Where the project carries the file, under its `data/` (datasets) or `weights/` (weights)
   * folder; absent for files found only outside the project (directory, variable, cache).
   */
  readonly bundled?: BundledIn;
}

const PARAISITE = "liudakl/ParAIsite @ cc0c1ff578cbed186ba930784db2909b0066a80e";
const CONVERTED = "converted to JSONL (one record per structure, CIF written by pymatgen 2022.11.7) for the paraisite project";

const dataset = (entry: Omit<KnownFile, "category">): KnownFile => ({ ...entry, category: "dataset" });

export const KNOWN_DATASETS: readonly KnownFile[] = [
  dataset({
    id: "togo15",
    bundled: "package",
    file: "togo15_paraisite_dataset1.jsonl",
    sha256: "eccd0d4007db5e0f3648faf542433a0aaa2c71e3d2c12cdce3aa4b9bebb5da59",
    size: 103817,
    description: "The paper's Togo15 set (Dataset1): 95 RS/ZB/WZ compounds, phono3py LTC at 300 K (Togo et al. 2015)",
    provenance: `${PARAISITE}, main/src/structures_scalers/Dataset1.pkl; ${CONVERTED}`,
    license: "no licence in the source repository",
  }),
  dataset({
    id: "phonondb-pbe103",
    bundled: "package",
    aliases: ["phonondb-pbe-103"],
    file: "phonondb_pbe103_kappa.jsonl",
    sha256: "20dca9ffe33d2eb7beaa5be319b304a4559c2c0c58b00191fca5e7b8e445cba0",
    size: 237568,
    description: "phononDB PBE phono3py κ at 300 K for 103 RS/ZB/WZ compounds (κ_SRME reference set)",
    provenance: `MPA2suite/k_SRME @ 0269a946a1e4c53552b060a92b98df94e039fd80, data/ (phononDB-PBE structures and kappas, also on Figshare via Matbench Discovery); ${CONVERTED}`,
    license: "data cited as CC BY 4.0 (NIMS MDR, not verified at the source); cite Togo et al. and Póta et al.",
  }),
  dataset({
    id: "hh143",
    bundled: "package",
    file: "paraisite_dataset2_hh143.jsonl",
    sha256: "0a9e015c6d3db0d5348f244bb98a2f74ff7353656918c9a25cf440492888e261",
    size: 148992,
    description: "The paper's Dataset2: 143 half-Heusler compounds with LTC",
    provenance: `${PARAISITE}, main/src/structures_scalers/Dataset2.pkl; ${CONVERTED}`,
    license: "no licence in the source repository",
  }),
  dataset({
    id: "aflow-agl",
    bundled: "package",
    file: "aflow_agl_icsd_5578.jsonl.gz",
    sha256: "36c40002e5ba5d503a1e5e70b3bcb639ecb15bef28aaa28a088030d127527d67",
    size: 923289,
    description: "AFLOW AGL set: 5578 ICSD structures, 3286 with the paper's recovered κ label",
    provenance: `${PARAISITE}, main/src/aflow_cif/*.cif (AFLUX query $catalog(ICSD),agl_thermal_conductivity_300K(*)); labels matched against anthony-wang/CrabNet @ c51149bf; ${CONVERTED}`,
    license: "AFLOW data; no licence in the source repository",
  }),
  dataset({
    id: "aflow-agl-paper-tc",
    bundled: "package",
    file: "aflow_agl_paper_tc_values.json",
    sha256: "73855f7c0a5a1bfea8d7c353a43f64fbf0d5596d7e38bbb9d6e969692ac84072",
    size: 69524,
    description: "The paper's 5578 AGL κ values exactly as pickled, in AFLUX response order (raw, unassigned)",
    provenance: `${PARAISITE}, main/src/structures_scalers/TC_AFLOW.pkl, copied as JSON ({"values": [...]})`,
    license: "AFLOW data; no licence in the source repository",
  }),
  dataset({
    id: "mp-scan",
    file: "mp_structures_paraisite_scan.jsonl.gz",
    sha256: "ac8def9568907b734807713cccb0ffd7af58ac5e5b9fa38f6f7d70d43734e5ea",
    size: 951646,
    description: "2228 MP structures from the paper's scan outputs; 1042 carry the paper's Step-III predictions",
    provenance: `${PARAISITE}, main/src/results_scan/*.results.csv (structures parsed back from pymatgen text); ${CONVERTED}`,
    license: "Materials Project structures (CC BY 4.0); no licence in the source repository",
  }),
  dataset({
    id: "mp-binaries",
    aliases: ["mp-binaries-3953"],
    file: "mp_binaries_3953_matcalc.jsonl.gz",
    sha256: "1ca172881fe76667a1a09ccb784706b88eea44759d53c7c8184545f4cfa52c51",
    size: 562249,
    description: "3953 MP binaries (January 2025) with elastic moduli: a structure pool for scans",
    provenance: `materialsvirtuallab/matcalc, benchmark_data/mp-binary-pbe-elasticity-2025.1.json.gz (blob of 27f2d5f44b2bc045ff47446c599a3b6aba298b7f); ${CONVERTED}`,
    license: "BSD-3-Clause (matcalc); Materials Project data CC BY 4.0",
  }),
  dataset({
    id: "wbm972",
    aliases: ["wbm-972"],
    file: "wbm972_eform_mp2020.jsonl.gz",
    sha256: "1d122aa497ee70b147b2c91528bb5c2f241fd88cd5d85fead9c3bcb475047a14",
    size: 204386,
    description: "972 relaxed WBM structures with MP2020-compatible formation energies (checks a formation-energy model)",
    provenance: `materialsvirtuallab/matcalc @ 0c5442079cac80c6429afbaa635b7251f01c2ed9, benchmark_data/wbm-random-pbe52-equilibrium-2025.1.json.gz; ${CONVERTED}`,
    license: "WBM: CC BY 4.0; matcalc: BSD-3-Clause",
  }),
];

const MEGNET_COMMIT = "f3705760266f24b62c4810dd4abacfc25f4f64ae";
const MEGNET_TARGETS: Readonly<Record<string, string>> = {
  formation_energy: "formation energy (eV/atom)",
  band_gap_regression: "band gap (eV)",
  band_classification: "metal / non-metal classifier (sigmoid output)",
  log10K: "log10 bulk modulus K_VRH (log10 GPa)",
  log10G: "log10 shear modulus G_VRH (log10 GPa)",
  efermi: "Fermi energy (eV, StandardScaler in the sidecar)",
};

// Only the model the library's defaults load ships in the npm package; the rest of the zoo is in
// the git repository (weights/megnet/) and downloads on demand elsewhere (see docs/weights.md).
const SHIPPED_WEIGHTS: ReadonlySet<string> = new Set(["megnet/mp-2018.6.1/formation_energy"]);

function weights(release: string, name: string, sha256: string, size: number, sidecarSha256: string, sidecarSize: number): KnownFile[] {
  const id = `megnet/${release}/${name}`;
  const url = (file: string): string => `https://github.com/materialsvirtuallab/megnet/raw/${MEGNET_COMMIT}/mvl_models/${release}/${file}`;
  const provenance = `materialsvirtuallab/megnet @ ${MEGNET_COMMIT}, mvl_models/${release}/`;
  const bundled: BundledIn = SHIPPED_WEIGHTS.has(id) ? "package" : "repository";
  const common = { category: "weights" as const, provenance, license: "BSD-3-Clause (megnet)", bundled };
  return [
    { ...common, id, file: `${id}.hdf5`, sha256, size, url: url(`${name}.hdf5`), description: `MEGNet ${release} ${MEGNET_TARGETS[name]}: Keras HDF5 model`, sidecar: `${id}.sidecar` },
    { ...common, id: `${id}.sidecar`, file: `${id}.hdf5.json`, sha256: sidecarSha256, size: sidecarSize, url: url(`${name}.hdf5.json`), description: `MEGNet ${release} ${name}: graph converter settings and target scaler` },
  ];
}

export const KNOWN_WEIGHTS: readonly KnownFile[] = [
  ...weights("mp-2018.6.1", "band_classification", "51ce69de769f5f8164bfe316d027b18d9b04cec7c06f88d451956aa3319ed9e0", 820992, "e7532faf49026e7384c906c389b5e0f8ef9bf586504ef0ff65e3b42897b96190", 2795),
  ...weights("mp-2018.6.1", "band_gap_regression", "e149197440863b06e819c3cc11550f7c78eee329b916112dab84d884d21306de", 820992, "96285e10309b8bc4091ec5c45b784958b3626e3b0d70ace96493717341438be9", 2762),
  ...weights("mp-2018.6.1", "formation_energy", "82363f6ef74747f67bccd75fa0237dfaab5f0da519bf5f9cf8f4bcc11c53712b", 820992, "46566670b0c5ab13ebe6497ea3383fe772e90fe62517282448387694896cabd0", 2792),
  ...weights("mp-2018.6.1", "log10G", "f62c31daa7a8d984c7f094ea7e70e4940c14417e4368d7297b567a907430dea2", 822256, "c4eda11354f7d240d2a75a8a6aafa67005cc2c6a96351b7330095495a6bbaa79", 2772),
  ...weights("mp-2018.6.1", "log10K", "283e249977d9ac718c92a28590f35bf6ba53f49642469b98e11627a03e24dd05", 822256, "96415cd0a10c00f174fd8b7560d0df1588f877e9df619f74a0aa702624dd32f4", 2770),
  ...weights("mp-2019.4.1", "efermi", "20c541f24acdc2de003a56fc6124c1725aa48358c5a3b1be64f358c0cc4c055a", 2296032, "e19ab63af7963c69165774bfac18db52af446e4acd8ba90aa13e17ffb869362d", 2871),
  ...weights("mp-2019.4.1", "formation_energy", "51de7e372f9fdbd10a519c3fd3cbf6fcd1039cc58e092c85b0f4fef49964f57b", 820992, "8727d8d0ab2686c4ac1c06f9ed8bdba7e63abaeac1287cff2e3c7263bf0b4b5b", 2720),
  ...weights("mp-2019.4.1", "log10G", "2be27b3fbf59012bed6e6e595c772cf9b67db279cde1686c44987cd132c1b805", 823464, "bd847ef5124d8d0df856883a3fff045154d355cd875a1c3da7a4851d26be16f8", 3042),
  ...weights("mp-2019.4.1", "log10K", "ac521bb2f6752e1a7c99df86059114b9b7920223f1db957c11749f34e8f9af4a", 823464, "b91c548a472a92a20e465e3821537222ed35b70868948e9bc5d43aa52ad5029f", 3039),
];

/** Every known file: datasets first, then weights (model + sidecar pairs). */
export const KNOWN_FILES: readonly KnownFile[] = [...KNOWN_DATASETS, ...KNOWN_WEIGHTS];

const byId = new Map<string, KnownFile>();
for (const entry of KNOWN_FILES) {
  for (const key of [entry.id, ...(entry.aliases ?? [])]) byId.set(key, entry);
}

/** The registry entry for an id or alias (weights ids may carry a `.hdf5` suffix), or undefined. */
export function knownFile(id: string): KnownFile | undefined {
  return byId.get(id) ?? byId.get(id.replace(/\.hdf5$/, ""));
}
