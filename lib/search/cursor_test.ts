import assert from "node:assert/strict";
import { ValidationError } from "../errors.ts";
import { decodeSearchCursor, encodeSearchCursor } from "./cursor.ts";

const id = "0b6f2b4e-8d9a-4c41-9a55-0c1f4c1e8f10";

Deno.test("search cursors round-trip for every sort", () => {
  const cases = [
    { sort: "relevance", fuzzy: true, key: 0.060792710632085800, id },
    { sort: "relevance", fuzzy: false, key: 1e-21, id },
    { sort: "views", fuzzy: false, key: 123456789, id },
    { sort: "newest", fuzzy: false, key: new Date("2026-01-02T03:04:05.678Z"), id },
  ] as const;
  for (const c of cases) assert.deepEqual(decodeSearchCursor(encodeSearchCursor(c), c.sort), c);
});

Deno.test("crafted search cursors are refused with a ValidationError", () => {
  const enc = (s: string) => btoa(s).replaceAll("=", "");
  const bad = [
    "",
    "!!!",
    "x".repeat(400),
    enc(`relevance|e|0.5|${id}|extra`),
    enc(`relevance|x|0.5|${id}`),
    enc(`relevance|e|NaN|${id}`),
    enc(`relevance|e|Infinity|${id}`),
    enc(`relevance|e|0.50|${id}`), // not what String() writes
    enc(`relevance|e|0.5|not-a-uuid`),
    enc(`views|e|-1|${id}`),
    enc(`views|e|1.5|${id}`),
    enc(`views|e|99999999999999999999|${id}`),
    enc(`newest|e|0000-01-01T00:00:00.000Z|${id}`),
    enc(`newest|e|2026-02-30T00:00:00.000Z|${id}`),
    enc(`newest|e|1969-12-31T23:59:59.999Z|${id}`),
    enc(`newest|e|'; drop table videos; --|${id}`),
    enc(`views|e|10|${id}`), // a cursor of another sort
  ];
  for (const c of bad) {
    assert.throws(
      () => decodeSearchCursor(c, c === bad.at(-1) ? "newest" : guess(c)),
      ValidationError,
      c,
    );
  }
});

function guess(c: string): "relevance" | "views" | "newest" {
  try {
    const s = atob(c).split("|")[0];
    return s === "views" || s === "newest" ? s : "relevance";
  } catch {
    return "relevance";
  }
}
