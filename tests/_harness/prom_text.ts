/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4), for
 * tests: it throws on anything a scraper would refuse or misread, and answers
 * the samples. Checked: `# HELP`/`# TYPE` lines (known types, at most one of
 * each per family, TYPE before the family's samples, a family's samples
 * together), metric and label names, quoted label values with only the
 * allowed escapes, float values, no duplicate series, histograms (buckets with
 * `le`, cumulative, a `+Inf` bucket equal to `_count`, `_sum` present), and
 * the final newline.
 */

/** One sample: its full name, labels and value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]Inf|NaN)$/;

function parseValue(text: string, line: string): number {
  if (!VALUE.test(text)) throw new Error(`not a float: ${line}`);
  return text === "+Inf" ? Infinity : text === "-Inf" ? -Infinity : Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf("=", i);
    const name = text.slice(i, eq);
    if (eq < 0 || !LABEL.test(name) || text[eq + 1] !== '"') throw new Error(`label: ${line}`);
    if (name in labels) throw new Error(`repeated label ${name}: ${line}`);
    let value = "";
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === "\n") throw new Error(`raw newline in a label: ${line}`);
      if (text[j] !== "\\") {
        value += text[j];
        continue;
      }
      const escaped = text[++j];
      if (escaped === "n") value += "\n";
      else if (escaped === "\\" || escaped === '"') value += escaped;
      else throw new Error(`bad escape \\${escaped}: ${line}`);
    }
    if (text[j] !== '"') throw new Error(`unterminated label value: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ",") i++;
    else if (i < text.length) throw new Error(`expected , between labels: ${line}`);
  }
  return labels;
}

/** The family a sample belongs to, given the declared types. */
function familyOf(name: string, types: Map<string, string>): string {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && ["histogram", "summary"].includes(types.get(base) ?? "")) {
      return base;
    }
  }
  return name;
}

/** Parses `text` strictly; throws with the offending line. */
export function parsePrometheusText(text: string): Sample[] {
  if (text !== "" && !text.endsWith("\n")) throw new Error("the text must end with a newline");
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const seen = new Set<string>();
  const closed = new Set<string>();
  let current = "";
  const samples: Sample[] = [];
  for (const line of text.split("\n").slice(0, -1)) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!NAME.test(name)) throw new Error(`metric name: ${line}`);
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) throw new Error(`unknown type: ${line}`);
        if (types.has(name)) throw new Error(`second TYPE: ${line}`);
        if (closed.has(name) || current === name) throw new Error(`TYPE after samples: ${line}`);
        types.set(name, rest);
      } else {
        if (helps.has(name)) throw new Error(`second HELP: ${line}`);
        helps.add(name);
      }
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = /^([^\s{]+)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) throw new Error(`not a sample: ${line}`);
    const [, name, labelText, valueText] = m;
    if (!NAME.test(name)) throw new Error(`metric name: ${line}`);
    const labels = parseLabels(labelText ?? "", line);
    const family = familyOf(name, types);
    if (family !== current) {
      if (closed.has(family)) throw new Error(`family ${family} is split: ${line}`);
      if (current) closed.add(current);
      current = family;
    }
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`duplicate series: ${line}`);
    seen.add(key);
    samples.push({ name, labels, value: parseValue(valueText, line) });
  }
  for (const [name, type] of types) if (type === "histogram") checkHistogram(name, samples);
  return samples;
}

function checkHistogram(name: string, samples: Sample[]) {
  const series = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  const keyOf = (labels: Record<string, string>) => {
    const { le: _le, ...rest } = labels;
    return JSON.stringify(Object.entries(rest).sort());
  };
  for (const s of samples) {
    const part = s.name === `${name}_bucket`
      ? "bucket"
      : s.name === `${name}_sum`
      ? "sum"
      : s.name === `${name}_count`
      ? "count"
      : undefined;
    if (!part) continue;
    const k = keyOf(s.labels);
    const entry = series.get(k) ?? { buckets: [] };
    series.set(k, entry);
    if (part === "bucket") {
      if (s.labels.le === undefined) throw new Error(`${name}_bucket without le`);
      entry.buckets.push([parseValue(s.labels.le, s.labels.le), s.value]);
    } else entry[part] = s.value;
  }
  for (const [k, e] of series) {
    if (e.sum === undefined || e.count === undefined) throw new Error(`${name}${k}: no sum/count`);
    const sorted = [...e.buckets].sort((a, b) => a[0] - b[0]);
    if (sorted.at(-1)?.[0] !== Infinity) throw new Error(`${name}${k}: no +Inf bucket`);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i][1] < sorted[i - 1][1]) throw new Error(`${name}${k}: buckets not cumulative`);
    }
    if (sorted.at(-1)![1] !== e.count) throw new Error(`${name}${k}: +Inf bucket is not _count`);
  }
}

/** The value of the one sample named `name` whose labels include `labels` (undefined if none). */
export function sampleValue(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  return samples.find((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  )?.value;
}
