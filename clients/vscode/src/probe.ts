// Tries the candidate server commands in order and keeps the first that runs. Node only (no
// `vscode` import), so it is unit-tested against real executables.
import { spawn } from "child_process";
import { Attempt, Candidate, probeArgs, summarizeProbeError } from "./serverCommand";

export interface ProbeOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface Lookup {
  found?: Candidate;
  /** Candidates that did not work, in the order tried. */
  attempts: Attempt[];
}

/** Runs `<candidate> --help`; resolves to undefined when it works, else to the reason it does not. */
export function probe(candidate: Candidate, options: ProbeOptions = {}): Promise<string | undefined> {
  return new Promise((resolve) => {
    let stderr = "";
    let settled = false;
    const finish = (problem: string | undefined) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(problem);
      }
    };
    const child = spawn(candidate.command, probeArgs(candidate), {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "ignore", "pipe"],
      windowsHide: true,
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(summarizeProbeError("", null, Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    }, options.timeoutMs ?? 15000);
    child.stderr?.on("data", (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString("utf8");
    });
    child.on("error", (err: NodeJS.ErrnoException) => finish(summarizeProbeError(stderr, null, err)));
    child.on("close", (code) => finish(code === 0 ? undefined : summarizeProbeError(stderr, code)));
  });
}

export async function findServer(candidates: Candidate[], options: ProbeOptions = {}): Promise<Lookup> {
  const attempts: Attempt[] = [];
  for (const candidate of candidates) {
    const problem = await probe(candidate, options);
    if (problem === undefined) return { found: candidate, attempts };
    attempts.push({ candidate, problem });
  }
  return { attempts };
}
