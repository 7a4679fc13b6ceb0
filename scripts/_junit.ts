/** A test file and the time its tests took. */
export interface FileTime {
  file: string;
  seconds: number;
}

/**
 * The slowest test files in a JUnit report written by `deno test
 * --junit-path`: one <testsuite name="./file"> per file, whose <testcase
 * time="…"> are summed (Deno writes no time on the suite). A report that is
 * cut short still yields what it holds.
 */
export function slowestFiles(xml: string, options: { count: number }): FileTime[] {
  const out: FileTime[] = [];
  for (const block of xml.split(/<testsuite\b/).slice(1)) {
    const name = /^[^>]*\bname="([^"]*)"/.exec(block)?.[1];
    if (!name) continue;
    let seconds = 0;
    for (const m of block.matchAll(/<testcase\b[^>]*\btime="([\d.]+)"/g)) seconds += Number(m[1]);
    out.push({ file: name, seconds });
  }
  return out.sort((a, b) => b.seconds - a.seconds).slice(0, options.count);
}
