import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { findServer } from "./probe";
import { onInterpreterChange, selectedInterpreter } from "./pythonExtension";
import { Candidate, describeFailure, formatCommand, importStrategy, serverCandidates } from "./serverCommand";
import { RESTART_SETTINGS, SECTION, serverSettings } from "./settings";

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append("goleash");

let client: LanguageClient | undefined;
let running: Candidate | undefined;
let output: vscode.OutputChannel;
let extensionPath = "";
// Serialises start/stop so a settings change during start-up cannot leave two servers running.
let lifecycle: Promise<void> = Promise.resolve();

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration("goleash");
}

function log(message: string): void {
  output.appendLine(`[client] ${message}`);
}

/** `bundled/tool/launch.py`, when this build carries the server in `bundled/libs` (a packaged .vsix does). */
function bundledLauncher(): string | undefined {
  const bundled = path.join(extensionPath, "bundled");
  const launcher = path.join(bundled, "tool", "launch.py");
  return fs.existsSync(launcher) && fs.existsSync(path.join(bundled, "libs", "goleash")) ? launcher : undefined;
}

async function locateServer(): Promise<Candidate | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const cfg = config();
  const strategy = importStrategy(cfg.get<string>("importStrategy"));
  const launcher = bundledLauncher();
  if (strategy === "useBundled" && !launcher) {
    log("this build of the extension has no bundled server (bundled/libs): looking for goleash in the environment");
  }
  const candidates = serverCandidates({
    path: cfg.get<string | string[]>("path"),
    interpreter: cfg.get<string | string[]>("interpreter"),
    pythonExtensionInterpreter: await selectedInterpreter(folder?.uri, log),
    importStrategy: strategy,
    bundledLauncher: launcher,
    variables: { workspaceFolder: folder?.uri.fsPath, home: os.homedir(), env: process.env },
  });
  const lookup = await findServer(candidates, { cwd: folder?.uri.fsPath });
  for (const a of lookup.attempts) log(`not usable: ${formatCommand(a.candidate)} (${a.candidate.origin}): ${a.problem}`);
  if (!lookup.found) {
    const notice = describeFailure(lookup.attempts);
    log(notice.message);
    const choices = [...(notice.link ? [notice.link.title] : []), "Open Settings", "Show Output"];
    void vscode.window.showErrorMessage(notice.message, ...choices).then((choice) => {
      if (notice.link && choice === notice.link.title) void vscode.env.openExternal(vscode.Uri.parse(notice.link.url));
      if (choice === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "goleash.");
      if (choice === "Show Output") output.show(true);
    });
    return undefined;
  }
  const configured = lookup.attempts.filter((a) => a.candidate.source === "goleash.path" || a.candidate.source === "goleash.interpreter");
  if (configured.length > 0) {
    // A setting that points nowhere deserves a word even though a fallback was found.
    void vscode.window.showWarningMessage(
      `goleash: the ${configured[0].candidate.origin} did not work (${configured[0].problem}); ` +
        `using ${formatCommand(lookup.found)} (${lookup.found.origin}) instead.`,
    );
  }
  log(`starting ${formatCommand(lookup.found)} (${lookup.found.origin})`);
  return lookup.found;
}

async function start(): Promise<void> {
  if (!config().get<boolean>("enable", true)) {
    log("goleash.enable is off: not starting the server");
    return;
  }
  const server = await locateServer();
  if (!server) return;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const serverOptions: ServerOptions = {
    command: server.command,
    args: server.args,
    transport: TransportKind.stdio,
    options: { cwd: folder?.uri.fsPath },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "go" },
      { scheme: "untitled", language: "go" },
    ],
    outputChannel: output,
    initializationOptions: () => serverSettings((key) => config().get(key)),
    // Sends workspace/didChangeConfiguration whenever the `goleash` section changes; the
    // middleware below shapes its payload.
    synchronize: { configurationSection: SECTION },
    middleware: {
      workspace: {
        // The section also holds client-only keys (path, interpreter, trace) the server would
        // report as unknown: hand it the server's keys only.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) =>
            params.items[i]?.section === SECTION && value && typeof value === "object"
              ? serverSettings((key) => (value as Record<string, unknown>)[key])
              : value,
          );
        },
        // Same for the change notification: the stock payload is the whole section.
        didChangeConfiguration: async () => {
          await client?.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { [SECTION]: serverSettings((key) => config().get(key)) },
          });
        },
      },
    },
  };
  const next = new LanguageClient("goleash", "goleash", serverOptions, clientOptions);
  client = next;
  running = server;
  try {
    await next.start();
  } catch (err) {
    // The client already logged the details to the output channel; one message, no stack trace.
    client = undefined;
    running = undefined;
    log(`the server did not start: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage(`goleash: the language server did not start (${formatCommand(server)}). See the goleash output for details.`, "Show Output")
      .then((choice) => choice && output.show(true));
  }
}

async function stop(): Promise<void> {
  const current = client;
  client = undefined;
  running = undefined;
  if (current && current.state !== State.Stopped) {
    try {
      await current.stop(5000);
    } catch (err) {
      log(`stopping the server: ${String(err)}`);
    }
  }
}

function restart(): Promise<void> {
  lifecycle = lifecycle.then(stop).then(start);
  return lifecycle;
}

/** Applies the server's `source.fixAll.goleash` action to the active Go file. */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "go") {
    void vscode.window.showInformationMessage("goleash: open a Go file to fix its leaks.");
    return;
  }
  const doc = editor.document;
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, whole, FIX_ALL_KIND.value, 10)) ?? [];
  const ours = actions.filter((a) => a.kind && FIX_ALL_KIND.contains(a.kind));
  let applied = false;
  for (const action of ours) {
    if (action.edit && action.edit.size > 0) applied = (await vscode.workspace.applyEdit(action.edit)) || applied;
    if (action.command) {
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
      applied = true;
    }
  }
  if (!applied) void vscode.window.showInformationMessage("goleash: no automatic fixes for this file.");
}

interface RunTestsOutcome {
  tests?: number;
  leaks?: number;
  go?: string;
  error?: string;
  cancelled?: boolean;
}

// The server's goleash.runTests (registered by the language client) needs the file;
// the palette passes none, so this command supplies the active editor's.
async function runTests(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "go") {
    void vscode.window.showInformationMessage("goleash: open a Go file to run its package's tests.");
    return;
  }
  const outcome = await vscode.commands.executeCommand<RunTestsOutcome>("goleash.runTests", editor.document.uri.toString());
  if (!outcome || outcome.error || outcome.cancelled) return; // the server has already said why
  void vscode.window.showInformationMessage(
    `goleash: ran ${outcome.tests} tests with ${outcome.go}; ${outcome.leaks} leaking goroutine stacks.`,
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("goleash");
  extensionPath = context.extensionPath;
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("goleash.restart", () => restart()),
    vscode.commands.registerCommand("goleash.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("goleash.fixAll", () => fixAll()),
    vscode.commands.registerCommand("goleash.runTestsForFile", () => runTests()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) void restart();
    }),
  );
  const interpreterWatch = await onInterpreterChange(() => {
    // Only a server found through the Python extension (or none at all) depends on its choice.
    if (!running || running.source === "pythonExtension") void restart();
  });
  if (interpreterWatch) context.subscriptions.push(interpreterWatch);
  await restart();
}

export function deactivate(): Promise<void> {
  return stop();
}
