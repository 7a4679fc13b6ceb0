import assert from "node:assert/strict";
import { quotaValue } from "../../components/AdminQuotaInputs.tsx";
import { quotaText } from "./quotas_admin.ts";

Deno.test("quotaText: sizes in words, bytes, unlimited, empty = default; nonsense refused", () => {
  const cases: [string, number | null][] = [
    ["", null],
    ["  ", null],
    ["unlimited", -1],
    ["Unlimited", -1],
    ["-1", -1],
    ["1048576", 1048576],
    ["10 GiB", 10 * 1024 ** 3],
    ["10gib", 10 * 1024 ** 3],
    ["500 MB", 500_000_000],
    ["1.5 TiB", 1.5 * 1024 ** 4],
    ["2 KB", 2000],
  ];
  for (const [text, bytes] of cases) assert.equal(quotaText.parse(text), bytes, text);
  for (const bad of ["lots", "-2", "1e9", "10 PB", "1.2345 GB", "1 GiB extra", "9".repeat(16)]) {
    assert.equal(quotaText.safeParse(bad).success, false, bad);
  }
});

Deno.test("quotaValue: what a form shows reads back as the same number of bytes", () => {
  for (const n of [null, -1, 0, 1, 1023, 1024, 5 * 1024 ** 3, 1.5 * 1024 ** 3, 1_610_612_737]) {
    const shown = quotaValue(n);
    assert.equal(quotaText.parse(shown), n, `${n} shown as "${shown}"`);
  }
  assert.equal(quotaValue(5 * 1024 ** 3), "5 GiB");
});
