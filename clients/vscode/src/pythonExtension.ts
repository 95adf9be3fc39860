// The interpreter selected in the Python extension (ms-python.python), when it is installed, so
// goleash runs under the same Python as the user's other Python tools. Typed by the extension's
// published API package, @vscode/python-extension.
import { PythonExtension } from "@vscode/python-extension";
import * as vscode from "vscode";

const PYTHON_EXTENSION_ID = "ms-python.python";

async function api(): Promise<PythonExtension | undefined> {
  // PythonExtension.api() throws when the extension is absent: ask VS Code first.
  if (!vscode.extensions.getExtension(PYTHON_EXTENSION_ID)) return undefined;
  return PythonExtension.api();
}

/** The selected interpreter as an argv, or undefined when there is no Python extension or selection. */
export async function selectedInterpreter(resource?: vscode.Uri, log?: (msg: string) => void): Promise<string[] | undefined> {
  try {
    const python = await api();
    if (!python) return undefined;
    const active = python.environments.getActiveEnvironmentPath(resource);
    const resolved = await python.environments.resolveEnvironment(active);
    const exe = resolved?.executable.uri?.fsPath;
    if (!exe) {
      log?.(`Python extension: the selected environment ${active.path} has no interpreter`);
      return undefined;
    }
    const version = resolved.version;
    if (version && version.major !== undefined && version.minor !== undefined) {
      log?.(`Python extension: selected interpreter ${exe} (Python ${version.major}.${version.minor})`);
    }
    return [exe];
  } catch (err) {
    // A broken Python extension must not stop goleash: fall through to the next interpreter.
    log?.(`Python extension: could not read the selected interpreter: ${String(err)}`);
    return undefined;
  }
}

/** Calls `listener` when the user selects another interpreter in the Python extension. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  try {
    return (await api())?.environments.onDidChangeActiveEnvironmentPath(() => listener());
  } catch {
    return undefined;
  }
}
