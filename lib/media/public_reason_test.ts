import assert from "node:assert/strict";
import { LimitError, NotFoundError, UnavailableError, ValidationError } from "../errors.ts";
import { publicError, publicReason } from "./public_reason.ts";
import { FfmpegError } from "./run.ts";

Deno.test("publicReason() passes our own sentences and hides paths, OS errors and stacks", () => {
  assert.equal(
    publicReason(new LimitError("The video lasts 9000 s; at most 14400 s is accepted.")),
    "The video lasts 9000 s; at most 14400 s is accepted.",
  );
  assert.equal(publicReason(new ValidationError("The file is\n  empty.")), "The file is empty.");
  assert.equal(
    publicReason("the worker stopped responding 3 time(s)"),
    "The worker stopped responding 3 time(s)",
  );
  const hidden: unknown[] = [
    new Deno.errors.NotFound(
      "No such file or directory (os error 2): readfile '/tmp/vf-job-1/out/x.jpg'",
    ),
    new FfmpegError("ffmpeg failed (exit 1): /tmp/vf-job-1/source: Invalid data"),
    "ffmpeg failed (exit 187)",
    new TypeError("Cannot read properties of undefined (reading 'x')"),
    new NotFoundError("Missing raw/abc/source at /srv/data/objects/raw/abc/source"),
    "Error: boom\n    at run (file:///work/x.ts:1:1)",
    "open C:\\data\\objects failed",
    "ENOENT while reading",
    new UnavailableError("connect ECONNREFUSED 127.0.0.1:5432"),
  ];
  for (const err of hidden) {
    const text = publicReason(err);
    assert.doesNotMatch(text, /\/|\\|os error|ENOENT|ECONN|exit|reading|at run/, String(err));
    assert.match(text, /^[A-Z].*\.$/);
  }
  assert.match(publicReason(new FfmpegError("ffmpeg failed (exit 1)")), /could not be converted/);
});

Deno.test("publicError() keeps our domain errors (and so their retry family) and wraps the rest", () => {
  const limit = new LimitError("Too long.");
  assert.equal(publicError(limit), limit);
  const os = new Deno.errors.PermissionDenied("Permission denied (os error 13): open '/etc/x'");
  const wrapped = publicError(os) as Error;
  assert.ok(!(wrapped instanceof LimitError));
  assert.equal(wrapped.cause, os);
  assert.doesNotMatch(wrapped.message, /\/etc|os error/);
});
