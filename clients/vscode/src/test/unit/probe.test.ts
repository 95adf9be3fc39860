import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { findServer, probe } from "../../probe";
import { serverCandidates } from "../../serverCommand";

// Real executables standing in for goleash installs: one whose `serve` works, one that is too old
// to have `serve`, and a Python without goleash.
let dir: string;
const script = (name: string, body: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return p;
};

describe("findServer", { skip: process.platform === "win32" ? "POSIX shell scripts" : false }, () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goleash-probe-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("takes the first candidate whose `serve --help` succeeds and records why the others failed", async () => {
    const good = script("good-goleash", '[ "$1 $2" = "serve --help" ] && exit 0; exit 3');
    const old = script("old-goleash", "echo \"goleash: error: argument COMMAND: invalid choice: 'serve'\" >&2; exit 2");
    const candidates = [
      ...serverCandidates({ path: path.join(dir, "missing") }).slice(0, 1),
      ...serverCandidates({ path: old }).slice(0, 1),
      ...serverCandidates({ path: good }).slice(0, 1),
    ];
    const lookup = await findServer(candidates);
    assert.equal(lookup.found?.command, good);
    assert.deepEqual(lookup.attempts.map((a) => a.problem), ["not found", "exit code 2: goleash: error: argument COMMAND: invalid choice: 'serve'"]);
  });

  it("reports every candidate when none works", async () => {
    const noModule = script("python-without-goleash", 'echo "$0: No module named goleash" >&2; exit 1');
    const lookup = await findServer(serverCandidates({ interpreter: noModule, path: path.join(dir, "nowhere") }).slice(0, 2));
    assert.equal(lookup.found, undefined);
    assert.equal(lookup.attempts.length, 2);
    assert.equal(lookup.attempts[0].problem, "not found");
    assert.match(lookup.attempts[1].problem, /^exit code 1: .*No module named goleash$/);
  });

  it("gives up on a probe that hangs", async () => {
    const hang = script("hangs", "exec sleep 30");
    const started = Date.now();
    const problem = await probe({ command: hang, args: ["serve"], origin: "test" }, { timeoutMs: 300 });
    assert.equal(problem, "timed out");
    assert.ok(Date.now() - started < 5000);
  });

  it("finds the real goleash when GOLEASH_TEST_PYTHON names an interpreter that has it", { skip: !process.env.GOLEASH_TEST_PYTHON && "GOLEASH_TEST_PYTHON not set" }, async () => {
    const lookup = await findServer(serverCandidates({ interpreter: process.env.GOLEASH_TEST_PYTHON }).slice(0, 1), { timeoutMs: 30000 });
    assert.deepEqual(lookup.attempts, []);
    assert.ok(lookup.found);
  });
});
