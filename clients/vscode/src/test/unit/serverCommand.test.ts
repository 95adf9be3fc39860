import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeFailure, expandVariables, formatCommand, serverCandidates, summarizeProbeError, toArgv } from "../../serverCommand";
import { serverSettings } from "../../settings";

const argv = (c: { command: string; args: string[] }) => [c.command, ...c.args];

const LAUNCHER = "/ext/bundled/tool/launch.py";

describe("serverCandidates with the bundled server (useBundled, the default)", () => {
  it("runs the bundled launcher with python3 on PATH when nothing is configured", () => {
    const got = serverCandidates({ platform: "linux", bundledLauncher: LAUNCHER });
    assert.deepEqual(got.map(argv), [["python3", LAUNCHER, "serve"]]);
    assert.equal(got[0].bundled, true);
    assert.equal(got[0].source, "PATH");
    assert.equal(got[0].origin, "bundled server with the python3 on PATH");
  });

  it("tries goleash.path, then the interpreter setting, the Python extension's and python3, all with the bundle", () => {
    const got = serverCandidates({
      path: "/opt/bin/goleash",
      interpreter: ["/venv/bin/python", "-X", "utf8"],
      pythonExtensionInterpreter: ["/conda/bin/python"],
      bundledLauncher: LAUNCHER,
      platform: "linux",
    });
    assert.deepEqual(got.map(argv), [
      ["/opt/bin/goleash", "serve"],
      ["/venv/bin/python", "-X", "utf8", LAUNCHER, "serve"],
      ["/conda/bin/python", LAUNCHER, "serve"],
      ["python3", LAUNCHER, "serve"],
    ]);
    assert.deepEqual(got.map((c) => c.bundled), [false, true, true, true]);
    assert.deepEqual(got.map((c) => c.source), ["goleash.path", "goleash.interpreter", "pythonExtension", "PATH"]);
  });

  it("looks in the environment when this build has no bundle", () => {
    const got = serverCandidates({ platform: "linux", importStrategy: "useBundled" });
    assert.deepEqual(got.map(argv), [["goleash", "serve"], ["python3", "-m", "goleash", "serve"]]);
  });

  it("treats an unknown strategy as useBundled, and uses python on Windows", () => {
    const got = serverCandidates({ platform: "win32", importStrategy: "bogus", bundledLauncher: LAUNCHER });
    assert.deepEqual(got.map(argv), [["python", LAUNCHER, "serve"]]);
  });
});

describe("serverCandidates with fromEnvironment", () => {
  const env = { importStrategy: "fromEnvironment", bundledLauncher: LAUNCHER } as const;
  it("falls back to goleash on PATH, then python3 -m goleash, when nothing is configured", () => {
    const got = serverCandidates({ ...env, platform: "linux" });
    assert.deepEqual(got.map(argv), [
      ["goleash", "serve"],
      ["python3", "-m", "goleash", "serve"],
    ]);
    assert.deepEqual(got.map((c) => c.origin), ["goleash on PATH", "python3 on PATH"]);
  });

  it("tries path, interpreter and the Python extension's interpreter first, in that order", () => {
    const got = serverCandidates({
      ...env,
      path: "/opt/bin/goleash",
      interpreter: ["/venv/bin/python", "-X", "utf8"],
      pythonExtensionInterpreter: ["/conda/bin/python"],
      platform: "linux",
    });
    assert.deepEqual(got.map(argv), [
      ["/opt/bin/goleash", "serve"],
      ["/venv/bin/python", "-X", "utf8", "-m", "goleash", "serve"],
      ["/conda/bin/python", "-m", "goleash", "serve"],
      ["goleash", "serve"],
      ["python3", "-m", "goleash", "serve"],
    ]);
    assert.equal(got[0].origin, "goleash.path setting");
    assert.equal(got[1].origin, "goleash.interpreter setting");
    assert.match(got[2].origin, /Python extension/);
  });

  it("keeps an argv that already names the serve sub-command as it is", () => {
    const [first] = serverCandidates({ ...env, path: ["/x/goleash", "serve", "--log-level", "debug"] });
    assert.deepEqual(argv(first), ["/x/goleash", "serve", "--log-level", "debug"]);
  });

  it("ignores blank settings and tries each command only once", () => {
    const got = serverCandidates({ ...env, path: "  ", interpreter: ["/venv/bin/python"], pythonExtensionInterpreter: ["/venv/bin/python"], platform: "linux" });
    assert.deepEqual(got.map(argv), [
      ["/venv/bin/python", "-m", "goleash", "serve"],
      ["goleash", "serve"],
      ["python3", "-m", "goleash", "serve"],
    ]);
  });

  it("uses python rather than python3 on Windows", () => {
    const got = serverCandidates({ ...env, platform: "win32" });
    assert.deepEqual(argv(got[got.length - 1]), ["python", "-m", "goleash", "serve"]);
  });

  it("expands variables in the configured commands", () => {
    const got = serverCandidates({
      ...env,
      path: "${workspaceFolder}/.venv/bin/goleash",
      interpreter: "~/envs/go/bin/python",
      variables: { workspaceFolder: "/ws", home: "/home/me", env: {} },
    });
    assert.equal(got[0].command, "/ws/.venv/bin/goleash");
    assert.equal(got[1].command, "/home/me/envs/go/bin/python");
  });
});

describe("expandVariables / toArgv", () => {
  const ctx = { workspaceFolder: "/ws", home: "/home/me", env: { VENV: "/v" } };
  it("expands the supported placeholders", () => {
    assert.equal(expandVariables("${env:VENV}/bin/python", ctx), "/v/bin/python");
    assert.equal(expandVariables("${userHome}/x", ctx), "/home/me/x");
    assert.equal(expandVariables("~", ctx), "/home/me");
    assert.equal(expandVariables("a~/b", ctx), "a~/b");
    assert.equal(expandVariables("${env:MISSING}x", ctx), "x");
  });
  it("leaves ${workspaceFolder} in place when no folder is open", () => {
    assert.equal(expandVariables("${workspaceFolder}/g", { home: "/h", env: {} }), "${workspaceFolder}/g");
  });
  it("treats a non-string/array value as unset", () => {
    assert.deepEqual(toArgv(undefined), []);
    assert.deepEqual(toArgv(null), []);
    assert.deepEqual(toArgv([]), []);
    assert.deepEqual(toArgv(["", "x"]), []);
  });
});

describe("failure message", () => {
  it("names every attempt, its origin and reason, and how to install", () => {
    const candidates = serverCandidates({ path: "/nope/goleash", platform: "linux", importStrategy: "fromEnvironment" });
    const { message: msg, link } = describeFailure([
      { candidate: candidates[0], problem: "not found" },
      { candidate: candidates[1], problem: "not found" },
      { candidate: candidates[2], problem: "exit code 1: /usr/bin/python3: No module named goleash" },
    ]);
    assert.match(msg, /`\/nope\/goleash serve` \(goleash\.path setting: not found\)/);
    assert.match(msg, /`goleash serve` \(goleash on PATH: not found\)/);
    assert.match(msg, /`python3 -m goleash serve` \(python3 on PATH: exit code 1: .*No module named goleash\)/);
    assert.match(msg, /pip install goleash/);
    assert.match(msg, /pip install -e \./);
    assert.doesNotMatch(msg, /\n\s+at /, "no stack trace");
    assert.equal(link, undefined);
  });

  it("asks for Python, with a link, when no interpreter can run the bundled server", () => {
    const candidates = serverCandidates({ interpreter: "/old/python", platform: "linux", bundledLauncher: LAUNCHER });
    const { message, link } = describeFailure([
      { candidate: candidates[0], problem: "exit code 3: goleash: needs Python 3.10 or newer; /old/python is Python 3.9.18" },
      { candidate: candidates[1], problem: "not found" },
    ]);
    assert.match(message, /no Python 3\.10\+ interpreter found/);
    assert.match(message, /`\/old\/python \/ext\/bundled\/tool\/launch\.py serve` \(bundled server with the goleash\.interpreter setting: .*Python 3\.9\.18\)/);
    assert.match(message, /`python3 \/ext\/bundled\/tool\/launch\.py serve` \(bundled server with the python3 on PATH: not found\)/);
    assert.match(message, /goleash\.interpreter/);
    assert.deepEqual(link, { title: "Get Python", url: "https://www.python.org/downloads/" });
  });

  it("points at the output and fromEnvironment when Python runs but the bundled server fails", () => {
    const [candidate] = serverCandidates({ platform: "linux", bundledLauncher: LAUNCHER });
    const { message, link } = describeFailure([{ candidate, problem: "exit code 3: goleash: the bundled tree-sitter does not load" }]);
    assert.match(message, /could not start the language server/);
    assert.match(message, /fromEnvironment/);
    assert.equal(link, undefined);
  });

  it("keeps the explaining line of a Python traceback, shortened", () => {
    const tb = "Traceback (most recent call last):\n  File \"x\", line 1\nModuleNotFoundError: No module named 'pygls'\n";
    assert.equal(summarizeProbeError(tb, 1), "exit code 1: ModuleNotFoundError: No module named 'pygls'");
    assert.equal(summarizeProbeError("", 2), "exit code 2");
    assert.equal(summarizeProbeError("x".repeat(500), 1).length, "exit code 1: ".length + 200);
    assert.equal(summarizeProbeError("", null, Object.assign(new Error("spawn x ENOENT"), { code: "ENOENT" })), "not found");
  });

  it("quotes arguments with spaces when showing a command", () => {
    assert.equal(formatCommand({ command: "/My Tools/py", args: ["-m", "goleash"] }), '"/My Tools/py" -m goleash');
  });
});

describe("serverSettings", () => {
  it("passes the server's keys and nothing client-only", () => {
    const cfg: Record<string, unknown> = {
      enable: true, select: ["GL003"], ignore: [], severity: { GL003: "error" }, delay: 250, run: "onSave",
      exclude: ["**/testdata/**"], includeGenerated: false, path: ["/x"], interpreter: "/py", "trace.server": "verbose",
    };
    assert.deepEqual(serverSettings((k) => cfg[k]), {
      enable: true, select: ["GL003"], ignore: [], severity: { GL003: "error" }, delay: 250, run: "onSave",
      exclude: ["**/testdata/**"], includeGenerated: false,
    });
  });
});
