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
    const problem = await probe({ command: hang, args: ["serve"], origin: "test", source: "PATH", bundled: false }, { timeoutMs: 300 });
    assert.equal(problem, "timed out");
    assert.ok(Date.now() - started < 5000);
  });

  it("finds the real goleash when GOLEASH_TEST_PYTHON names an interpreter that has it", { skip: !process.env.GOLEASH_TEST_PYTHON && "GOLEASH_TEST_PYTHON not set" }, async () => {
    const lookup = await findServer(serverCandidates({ interpreter: process.env.GOLEASH_TEST_PYTHON }).slice(0, 1), { timeoutMs: 30000 });
    assert.deepEqual(lookup.attempts, []);
    assert.ok(lookup.found);
  });

  // The launcher and libraries `npm run bundle` puts in bundled/ (setup-e2e.sh does it).
  const launcher = path.resolve(__dirname, "../../../bundled/tool/launch.py");
  const bundleBuilt = fs.existsSync(path.resolve(__dirname, "../../../bundled/libs/goleash"));
  const barePython = ["/usr/bin/python3", "/bin/python3"].find((p) => fs.existsSync(p));

  it("runs the bundled server with a Python that has no goleash of its own", { skip: (!bundleBuilt && "no bundle: run npm run bundle") || (!barePython && "no /usr/bin/python3") }, async () => {
    const env = { PATH: "/usr/bin:/bin" };
    const bare = await probe({ command: barePython!, args: ["-m", "goleash", "serve"], origin: "test", source: "PATH", bundled: false }, { env, timeoutMs: 30000 });
    assert.match(bare ?? "", /No module named goleash/, "this Python must not have goleash for the test to mean anything");
    const lookup = await findServer(serverCandidates({ interpreter: barePython, bundledLauncher: launcher }), { env, timeoutMs: 30000 });
    assert.deepEqual(lookup.attempts, []);
    assert.equal(lookup.found?.bundled, true);
    assert.deepEqual(lookup.found?.args, [launcher, "serve"]);
  });

  it("explains that an interpreter is too old for the bundled server", { skip: !bundleBuilt && "no bundle: run npm run bundle" }, async () => {
    // A stand-in for an old Python: runs the launcher's version check with sys.version_info faked.
    const old = script("python3.9", `exec ${barePython ?? "python3"} -c 'import sys, runpy; sys.version_info = (3, 9, 18); sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")' "$@"`);
    const problem = await probe(serverCandidates({ interpreter: old, bundledLauncher: launcher })[0], { timeoutMs: 30000 });
    assert.match(problem ?? "", /^exit code 3: goleash: needs Python 3\.10 or newer/);
  });
});
