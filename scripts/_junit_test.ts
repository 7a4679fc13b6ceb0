import assert from "node:assert/strict";
import { slowestFiles } from "./_junit.ts";

Deno.test("slowestFiles() orders test files by time and keeps the slowest", () => {
  const xml = `<?xml version="1.0"?><testsuites name="deno test" tests="3">
    <testsuite name="./a_test.ts" tests="2"><testcase name="x" time="1.000"/>
      <testcase name="y &gt; z" classname="./a_test.ts" time="0.500"></testcase></testsuite>
    <testsuite name="./b_test.ts" tests="1"><testcase name="x" time="12.250"/></testsuite>
    <testsuite name="./c_test.ts" tests="1"><testcase name="x" time="0.010"/></testsuite>
    <testsuite name="./cut`;
  assert.deepEqual(slowestFiles(xml, { count: 2 }), [
    { file: "./b_test.ts", seconds: 12.25 },
    { file: "./a_test.ts", seconds: 1.5 },
  ]);
  assert.deepEqual(slowestFiles("", { count: 3 }), []);
});
