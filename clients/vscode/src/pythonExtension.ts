// The interpreter selected in the Python extension (ms-python.python), when it is installed,
// so goleash runs from the same environment as the user's other Python tools.
import * as vscode from "vscode";

const PYTHON_EXTENSION_ID = "ms-python.python";

interface PythonEnvironmentApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment?(env: { id: string; path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails?(resource?: vscode.Uri): { execCommand: string[] | undefined };
  };
}

async function api(): Promise<PythonEnvironmentApi | undefined> {
  const ext = vscode.extensions.getExtension<PythonEnvironmentApi>(PYTHON_EXTENSION_ID);
  if (!ext) return undefined;
  return ext.isActive ? ext.exports : await ext.activate();
}

/** The selected interpreter as an argv, or undefined when there is no Python extension or selection. */
export async function selectedInterpreter(resource?: vscode.Uri, log?: (msg: string) => void): Promise<string[] | undefined> {
  try {
    const python = await api();
    const envs = python?.environments;
    if (envs) {
      const active = envs.getActiveEnvironmentPath(resource);
      const resolved = envs.resolveEnvironment ? await envs.resolveEnvironment(active) : undefined;
      const exe = resolved?.executable?.uri?.fsPath ?? active?.path;
      if (exe) return [exe];
    }
    const exec = python?.settings?.getExecutionDetails?.(resource).execCommand;
    return exec && exec.length > 0 ? exec : undefined;
  } catch (err) {
    // A broken Python extension must not stop goleash: fall through to PATH lookup.
    log?.(`Python extension: could not read the selected interpreter: ${String(err)}`);
    return undefined;
  }
}

/** Calls `listener` when the user selects another interpreter in the Python extension. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  try {
    const event = (await api())?.environments?.onDidChangeActiveEnvironmentPath;
    return event ? event(() => listener()) : undefined;
  } catch {
    return undefined;
  }
}
