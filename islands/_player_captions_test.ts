import assert from "node:assert/strict";
import { pickTrack } from "./_player_captions.ts";

Deno.test("a remembered caption language picks the same tag, else the same primary language", () => {
  const tracks = [{ lang: "en-GB", label: "English" }, { lang: "fr", label: "Français" }];
  assert.equal(pickTrack(tracks, "fr"), "fr");
  assert.equal(pickTrack(tracks, "en-GB"), "en-GB");
  assert.equal(pickTrack(tracks, "en"), "en-GB");
  assert.equal(pickTrack(tracks, "de"), null);
  assert.equal(pickTrack(tracks, "off"), null);
  assert.equal(pickTrack(tracks, null), null);
});
