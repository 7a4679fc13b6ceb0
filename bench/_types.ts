/** A printed table. */
export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  note?: string;
}

/** What a *_bench.ts module's default export returns. */
export interface BenchResult {
  tables: Table[];
  /** Raw numbers for the JSON file. */
  data?: unknown;
}

/** Options every benchmark receives. */
export interface BenchOptions {
  quick: boolean;
  long: boolean;
}
