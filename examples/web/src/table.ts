/**
 * The results table: one `<tbody>` per file (a placeholder until its rows arrive, so rows stay in
 * the order the files were given however the workers finish), per-model values on demand.
 */
import type { KappaRow } from "../../../src/browser/predict-files.js";
import { formatKappa, formatValue } from "./format.js";

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement("td");
  td.textContent = text;
  if (className !== undefined) td.className = className;
  return td;
}

function fileLabel(row: KappaRow): HTMLTableCellElement {
  const td = cell(row.file, "file");
  if (row.block !== null) {
    const block = document.createElement("div");
    block.className = "block";
    block.textContent = `data_${row.block}`;
    td.append(block);
  }
  return td;
}

function warningsCell(warnings: readonly string[]): HTMLTableCellElement {
  const td = cell("", "warnings");
  if (warnings.length > 0) {
    const list = document.createElement("ul");
    for (const w of warnings) {
      const li = document.createElement("li");
      li.textContent = w;
      list.append(li);
    }
    td.append(list);
  }
  return td;
}

export class ResultsTable {
  private readonly bodies: HTMLTableSectionElement[] = [];
  private readonly rows: (readonly KappaRow[] | undefined)[] = [];
  private showAll = false;

  constructor(private readonly table: HTMLTableElement) {}

  /** Placeholders for `names`, appended; returns the index of the first. */
  add(names: readonly string[]): number {
    const first = this.bodies.length;
    for (const name of names) {
      const body = document.createElement("tbody");
      const tr = document.createElement("tr");
      tr.className = "pending";
      tr.append(cell(name, "file"), cell("queued…"), cell(""), cell(""), cell(""), cell(""));
      body.append(tr);
      this.table.append(body);
      this.bodies.push(body);
      this.rows.push(undefined);
    }
    return first;
  }

  /** The rows of file `index` (one per structure), replacing its placeholder. */
  fill(index: number, rows: readonly KappaRow[]): void {
    this.rows[index] = rows;
    const body = this.bodies[index];
    body.replaceChildren(...rows.flatMap((r) => this.render(r)));
  }

  /** Every row so far, in file order. */
  results(): KappaRow[] {
    return this.rows.flatMap((r) => r ?? []);
  }

  get fileCount(): number {
    return this.bodies.length;
  }

  /** Show or hide every structure's per-model values. */
  setShowAll(on: boolean): void {
    this.showAll = on;
    for (const tr of this.table.querySelectorAll<HTMLTableRowElement>("tr.values")) {
      tr.hidden = !on;
      const toggle = tr.previousElementSibling?.querySelector("button.models");
      if (toggle) toggle.textContent = (toggle.textContent ?? "").replace(/[▸▾]$/, on ? "▾" : "▸");
    }
  }

  clear(): void {
    for (const body of this.bodies) body.remove();
    this.bodies.length = 0;
    this.rows.length = 0;
  }

  private render(row: KappaRow): HTMLTableRowElement[] {
    const tr = document.createElement("tr");
    if (row.kappa === null) {
      tr.className = "error";
      const message = cell(`${row.error?.kind ?? "Error"}: ${row.error?.message ?? "no prediction"}`, "message");
      message.colSpan = 5;
      tr.append(fileLabel(row), message);
      return [tr];
    }
    const { mean, std } = formatKappa(row.kappa.mean, row.kappa.std);
    const values = document.createElement("tr");
    values.className = "values";
    values.hidden = !this.showAll;
    const list = cell("");
    list.colSpan = 6;
    row.kappa.values.forEach((v, i) => {
      const span = document.createElement("span");
      span.textContent = `run${i + 1} ${formatValue(v)}`;
      list.append(span);
    });
    values.append(list);
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "models";
    const label = (): string => `${row.kappa?.values.length} values ${values.hidden ? "▸" : "▾"}`;
    toggle.textContent = label();
    toggle.addEventListener("click", () => {
      values.hidden = !values.hidden;
      toggle.textContent = label();
    });
    const models = cell("");
    models.append(toggle);
    tr.append(fileLabel(row), cell(row.formula ?? ""), cell(String(row.sites ?? ""), "num"), cell(`${mean} ± ${std}`, "num kappa"), models, warningsCell(row.warnings));
    return [tr, values];
  }
}
