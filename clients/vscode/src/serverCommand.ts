// Where the goleash language server comes from, as plain data and plain functions: no `vscode`
// import here, so the lookup order and the failure message are unit-tested under bare Node.

/** Where a candidate's command came from: a setting, the Python extension, or a PATH lookup. */
export type Source = "goleash.path" | "goleash.interpreter" | "pythonExtension" | "PATH";

/** One way of starting the server, and where it came from (for messages). */
export interface Candidate {
  command: string;
  args: string[];
  /** Human-readable origin, e.g. "goleash.path setting". */
  origin: string;
  source: Source;
  /** Runs the server bundled with the extension (an interpreter plus the bundled launcher). */
  bundled: boolean;
}

/** `useBundled`: run the server shipped in the extension; `fromEnvironment`: the user's install. */
export type ImportStrategy = "useBundled" | "fromEnvironment";

export interface LookupInputs {
  /** `goleash.path`: an executable or an argv; empty string/array when unset. */
  path?: string | string[];
  /** `goleash.interpreter`: a Python interpreter (string or argv); empty when unset. */
  interpreter?: string | string[];
  /** The interpreter selected in the Python extension (argv), when that extension is present. */
  pythonExtensionInterpreter?: string[];
  /** `goleash.importStrategy`; default `useBundled`. */
  importStrategy?: string;
  /** The bundled launcher script (`bundled/tool/launch.py`), when this build of the extension has one. */
  bundledLauncher?: string;
  platform?: NodeJS.Platform;
  /** For `${workspaceFolder}`, `~`, ... in the two settings. */
  variables?: VariableContext;
}

export interface VariableContext {
  workspaceFolder?: string;
  home: string;
  env: Record<string, string | undefined>;
}

const SERVE = "serve";

/** Expands `${workspaceFolder}`, `${userHome}`, `${env:NAME}` and a leading `~` like VS Code settings do. */
export function expandVariables(value: string, ctx: VariableContext): string {
  let out = value.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (match, name: string, envName?: string) => {
    if (envName !== undefined) return ctx.env[envName] ?? "";
    if (name === "userHome") return ctx.home;
    // Leave the placeholder when there is no folder: the resulting "not found" names it.
    return ctx.workspaceFolder ?? match;
  });
  if (out === "~" || out.startsWith("~/")) out = ctx.home + out.slice(1);
  return out;
}

/** A setting that is a string or an argv array, trimmed; `[]` when unset or blank. */
export function toArgv(value: string | string[] | undefined | null, ctx?: VariableContext): string[] {
  let argv: string[];
  if (typeof value === "string") argv = value.trim() ? [value.trim()] : [];
  else if (Array.isArray(value)) argv = value.filter((a) => typeof a === "string").map((a) => a.trim());
  else argv = [];
  if (argv.length === 0 || argv[0] === "") return [];
  return ctx ? argv.map((a) => expandVariables(a, ctx)) : argv;
}

function fromArgv(argv: string[], origin: string, source: Source, bundled = false): Candidate {
  return { command: argv[0], args: argv.slice(1), origin, source, bundled };
}

/** The strategy in effect: `useBundled` unless the setting says `fromEnvironment`. */
export function importStrategy(value: unknown): ImportStrategy {
  return value === "fromEnvironment" ? "fromEnvironment" : "useBundled";
}

/**
 * The ways to start the server, in the order they are tried. `goleash.path` always comes first.
 * With `useBundled` (and a bundle in this build), the bundled server runs under the first
 * interpreter that works: `goleash.interpreter`, the Python extension's, then `python3` on PATH.
 * With `fromEnvironment`: `<interpreter> -m goleash serve` for the same interpreters, and
 * `goleash` on PATH before `python3`.
 */
export function serverCandidates(inputs: LookupInputs): Candidate[] {
  const out: Candidate[] = [];
  const path = toArgv(inputs.path, inputs.variables);
  if (path.length > 0) {
    const argv = path.includes(SERVE) ? path : [...path, SERVE];
    out.push(fromArgv(argv, "goleash.path setting", "goleash.path"));
  }
  const python = (inputs.platform ?? process.platform) === "win32" ? "python" : "python3";
  const interpreters: [string[], string, Source][] = [
    [toArgv(inputs.interpreter, inputs.variables), "goleash.interpreter setting", "goleash.interpreter"],
    [toArgv(inputs.pythonExtensionInterpreter), "interpreter selected in the Python extension", "pythonExtension"],
  ];
  const launcher = inputs.bundledLauncher;
  if (importStrategy(inputs.importStrategy) === "useBundled" && launcher) {
    interpreters.push([[python], `${python} on PATH`, "PATH"]);
    for (const [argv, origin, source] of interpreters) {
      if (argv.length > 0) out.push(fromArgv([...argv, launcher, SERVE], `bundled server with the ${origin}`, source, true));
    }
  } else {
    for (const [argv, origin, source] of interpreters) {
      if (argv.length > 0) out.push(fromArgv([...argv, "-m", "goleash", SERVE], origin, source));
    }
    out.push(fromArgv(["goleash", SERVE], "goleash on PATH", "PATH"));
    out.push(fromArgv([python, "-m", "goleash", SERVE], `${python} on PATH`, "PATH"));
  }
  // The Python extension often selects the same interpreter as a setting: try each command once.
  const seen = new Set<string>();
  return out.filter((c) => {
    const key = JSON.stringify([c.command, ...c.args]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The argv for a probe that succeeds only if the `serve` sub-command exists: `... serve --help`. */
export function probeArgs(candidate: Candidate): string[] {
  return [...candidate.args, "--help"];
}

export function formatCommand(c: { command: string; args: string[] }): string {
  return [c.command, ...c.args].map((a) => (/[\s"'$`\\]/.test(a) ? JSON.stringify(a) : a)).join(" ");
}

export interface Attempt {
  candidate: Candidate;
  /** Short reason it did not work, e.g. "not found" or the last line of stderr. */
  problem: string;
}

export const INSTALL_HINT =
  "Install it into the Python environment you use with `pip install goleash` " +
  "(or from a clone of the repository: `pip install -e .`), " +
  "or point the `goleash.path` or `goleash.interpreter` setting at it.";

export const PYTHON_DOWNLOAD_URL = "https://www.python.org/downloads/";

export const PYTHON_HINT =
  "goleash runs its bundled server with Python 3.10 or newer: install one, " +
  "select it in the Python extension, or set `goleash.interpreter` to it.";

/** The one notification shown when no candidate works, and a link that helps when there is one. */
export interface FailureNotice {
  message: string;
  link?: { title: string; url: string };
}

/** True when a bundled attempt failed for want of a usable interpreter, not because of goleash. */
function noInterpreter(a: Attempt): boolean {
  return a.problem === "not found" || /needs Python 3\.10 or newer/.test(a.problem);
}

/** What was tried, and what to do: install Python (bundled server) or goleash (environment). */
export function describeFailure(attempts: Attempt[]): FailureNotice {
  const tried = attempts.map((a) => `\`${formatCommand(a.candidate)}\` (${a.candidate.origin}: ${a.problem})`);
  const bundled = attempts.filter((a) => a.candidate.bundled);
  if (bundled.length > 0 && bundled.every(noInterpreter)) {
    return {
      message: `goleash: no Python 3.10+ interpreter found to run the language server. Tried ${tried.join("; ")}. ${PYTHON_HINT}`,
      link: { title: "Get Python", url: PYTHON_DOWNLOAD_URL },
    };
  }
  const hint = bundled.length > 0
    ? "The bundled server did not start: see the goleash output, or set `goleash.importStrategy` to " +
      "`fromEnvironment` and `pip install goleash` into your environment."
    : INSTALL_HINT;
  return { message: `goleash: could not start the language server. Tried ${tried.join("; ")}. ${hint}` };
}

/** Condenses a failed probe's output to the line that explains it (Python's last traceback line). */
export function summarizeProbeError(stderr: string, exitCode: number | null, spawnError?: NodeJS.ErrnoException): string {
  if (spawnError) {
    if (spawnError.code === "ENOENT") return "not found";
    if (spawnError.code === "EACCES") return "not executable";
    if (spawnError.code === "ETIMEDOUT") return "timed out";
    return spawnError.message;
  }
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const last = lines.length > 0 ? lines[lines.length - 1] : "";
  const why = last.length > 200 ? last.slice(0, 197) + "..." : last;
  return why ? `exit code ${exitCode}: ${why}` : `exit code ${exitCode}`;
}
