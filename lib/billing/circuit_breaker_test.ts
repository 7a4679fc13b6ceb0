import assert from "node:assert/strict";
import { CircuitBreaker } from "./circuit_breaker.ts";
import { UnavailableError } from "../errors.ts";

class Refused extends Error {}

function setup() {
  let now = 0;
  let calls = 0;
  const breaker = new CircuitBreaker("Test", {
    failureThreshold: 2,
    resetMs: 1000,
    retries: 1,
    backoffMs: 1,
    timeoutMs: 50,
    isTransient: (err) => !(err instanceof Refused),
    now: () => now,
  });
  const fail = () =>
    breaker.call(() => {
      calls++;
      return Promise.reject(new Error("down"));
    });
  const ok = () =>
    breaker.call(() => {
      calls++;
      return Promise.resolve("yes");
    });
  return { breaker, fail, ok, calls: () => calls, advance: (ms: number) => now += ms };
}

Deno.test("transient failures are retried, then open the circuit, which refuses without calling", async () => {
  const b = setup();
  await assert.rejects(b.fail(), UnavailableError);
  assert.equal(b.calls(), 2, "one retry");
  assert.equal(b.breaker.state, "closed");
  await assert.rejects(b.fail(), UnavailableError);
  assert.equal(b.breaker.state, "open");
  await assert.rejects(b.ok(), UnavailableError);
  assert.equal(b.calls(), 4, "the open circuit did not call");
});

Deno.test("after the reset time one trial goes: success closes, failure opens again", async () => {
  const b = setup();
  await assert.rejects(b.fail());
  await assert.rejects(b.fail());
  b.advance(1000);
  assert.equal(b.breaker.state, "half-open");
  await assert.rejects(b.fail(), UnavailableError);
  assert.equal(b.calls(), 5, "the trial is not retried");
  assert.equal(b.breaker.state, "open");
  b.advance(1000);
  assert.equal(await b.ok(), "yes");
  assert.equal(b.breaker.state, "closed");
});

Deno.test("a refusal of the request itself is the caller's: thrown as is, no retry, circuit closed", async () => {
  const b = setup();
  let calls = 0;
  for (let i = 0; i < 3; i++) {
    await assert.rejects(
      b.breaker.call(() => {
        calls++;
        return Promise.reject(new Refused("no such customer"));
      }),
      Refused,
    );
  }
  assert.equal(calls, 3);
  assert.equal(b.breaker.state, "closed");
});

Deno.test("an attempt past the time limit is a transient failure", async () => {
  const b = setup();
  let calls = 0;
  const hang = () =>
    b.breaker.call((signal) => {
      calls++;
      return new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason))
      );
    });
  await assert.rejects(hang(), UnavailableError);
  assert.equal(calls, 2);
  await assert.rejects(hang(), UnavailableError);
  assert.equal(b.breaker.state, "open");
});
