// Extension-host tests: loaded by the workbench (code-server `payload` URL parameter, like
// @vscode/test-electron's extensionTestsPath) inside the real Node extension host, with the
// extension under development active. `run()` throws on the first failure.
//
// The workspace holds leaky.go (GL003 on line 6), other/settings.go (a copy, for settings tests)
// and confirm/ (a package whose tests leak, for goleash test).
import assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";

const EXTENSION_ID = "goleash.goleash";
const TIMEOUT_MS = 30000;

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "goleash");
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === "object" && d.code !== null ? String(d.code.value) : String(d.code);
}

/** Resolves once `check(diagnostics)` holds for `uri`, or fails after the timeout with `what`. */
function waitForDiagnostics(uri: vscode.Uri, what: string, check: (ds: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const done = (ok: boolean) => {
      sub.dispose();
      clearTimeout(timer);
      const ds = ours(uri);
      if (ok) resolve(ds);
      else reject(new Error(`timed out waiting for ${what}; diagnostics now: ${JSON.stringify(ds.map((d) => [codeOf(d), d.range.start.line, d.message]))}`));
    };
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      if (check(ours(uri))) done(true);
    });
    const timer = setTimeout(() => done(false), TIMEOUT_MS);
    if (check(ours(uri))) done(true);
  });
}

async function open(name: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the test workspace folder is open");
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder.uri.fsPath, name)));
  await vscode.window.showTextDocument(doc);
  return doc;
}

const tests: [string, () => Promise<void>][] = [];
const test = (name: string, fn: () => Promise<void>) => tests.push([name, fn]);

test("the extension activates on a Go file and the server reports the leak", async () => {
  const doc = await open("leaky.go");
  assert.equal(doc.languageId, "go");
  const ds = await waitForDiagnostics(doc.uri, "GL003 on leaky.go", (d) => d.some((x) => codeOf(x) === "GL003"));
  assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, "extension active");
  const leak = ds.find((d) => codeOf(d) === "GL003")!;
  assert.equal(leak.range.start.line, 5, "flags `v := <-ch` (line 6)");
  assert.equal(leak.severity, vscode.DiagnosticSeverity.Warning);
  assert.match(leak.message, /ch/);
  assert.ok((leak.relatedInformation ?? []).length >= 1, "related locations (where the goroutine starts / the channel is made)");
});

test("a quick fix from the server applies and the diagnostic goes away", async () => {
  const doc = await open("leaky.go");
  const [leak] = await waitForDiagnostics(doc.uri, "GL003", (d) => d.some((x) => codeOf(x) === "GL003"));
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, leak.range, vscode.CodeActionKind.QuickFix.value, 10)) ?? [];
  console.log(`quick fixes offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  const quickFixes = actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.edit);
  assert.ok(quickFixes.length > 0, "at least one quick fix with an edit");
  // A real fix when the server has one for GL003, else the suppression every finding offers.
  const fix = quickFixes.find((a) => !/suppress|ignore/i.test(a.title)) ?? quickFixes.find((a) => /suppress/i.test(a.title));
  assert.ok(fix, `a fix to apply among ${JSON.stringify(quickFixes.map((a) => a.title))}`);
  const before = doc.getText();
  assert.ok(await vscode.workspace.applyEdit(fix.edit!), `applyEdit(${fix.title})`);
  assert.notEqual(doc.getText(), before, "the file changed");
  if (/suppress/i.test(fix.title)) assert.match(doc.lineAt(leak.range.start.line).text, /\/\/goleash:ignore GL003/);
  await waitForDiagnostics(doc.uri, "GL003 to disappear after the fix", (d) => !d.some((x) => codeOf(x) === "GL003"));
  console.log(`applied "${fix.title}"`);
  await vscode.commands.executeCommand("workbench.action.files.revert");
  await waitForDiagnostics(doc.uri, "GL003 to come back after revert", (d) => d.some((x) => codeOf(x) === "GL003"));
});

test("settings reach the server: goleash.ignore silences a rule, clearing it brings it back", async () => {
  const doc = await open("other/settings.go");
  await waitForDiagnostics(doc.uri, "GL003 on settings.go", (d) => d.some((x) => codeOf(x) === "GL003"));
  const cfg = vscode.workspace.getConfiguration("goleash");
  await cfg.update("ignore", ["GL003"], vscode.ConfigurationTarget.Global);
  try {
    await waitForDiagnostics(doc.uri, "GL003 to be ignored", (d) => !d.some((x) => codeOf(x) === "GL003"));
  } finally {
    await cfg.update("ignore", undefined, vscode.ConfigurationTarget.Global);
  }
  await waitForDiagnostics(doc.uri, "GL003 back after clearing goleash.ignore", (d) => d.some((x) => codeOf(x) === "GL003"));
  await cfg.update("severity", { GL003: "error" }, vscode.ConfigurationTarget.Global);
  try {
    await waitForDiagnostics(doc.uri, "GL003 as an error", (d) => d.some((x) => codeOf(x) === "GL003" && x.severity === vscode.DiagnosticSeverity.Error));
  } finally {
    await cfg.update("severity", undefined, vscode.ConfigurationTarget.Global);
  }
});

test("goleash: Fix All Leaks in File runs the source.fixAll.goleash action", async () => {
  const doc = await open("leaky.go");
  await waitForDiagnostics(doc.uri, "GL003", (d) => d.some((x) => codeOf(x) === "GL003"));
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const offered =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, whole, "source.fixAll.goleash", 10)) ?? [];
  console.log(`fix-all actions offered: ${JSON.stringify(offered.map((a) => [a.title, a.kind?.value]))}`);
  const before = doc.getText();
  await vscode.commands.executeCommand("goleash.fixAll");
  const edits = offered.filter((a) => a.edit && a.edit.size > 0);
  if (edits.length > 0) {
    assert.notEqual(doc.getText(), before, "fix-all changed the file");
    await vscode.commands.executeCommand("workbench.action.files.revert");
  } else {
    // GL003's fixes are not safe, so fix-all has nothing to do here: the file must stay as it is.
    assert.equal(doc.getText(), before);
  }
});

test("goleash: Restart Server brings the diagnostics back from a new server", async () => {
  const doc = await open("leaky.go");
  await vscode.commands.executeCommand("goleash.restart");
  await waitForDiagnostics(doc.uri, "GL003 after restart", (d) => d.some((x) => codeOf(x) === "GL003"));
  await vscode.commands.executeCommand("goleash.showOutput");
});

test("source.fixAll.goleash in editor.codeActionsOnSave fixes the file on save", async () => {
  const doc = await open("other/settings.go");
  await waitForDiagnostics(doc.uri, "GL003 on settings.go", (d) => d.some((x) => codeOf(x) === "GL003"));
  const cfg = vscode.workspace.getConfiguration("editor", { languageId: "go" });
  await cfg.update("codeActionsOnSave", { "source.fixAll.goleash": "explicit" }, vscode.ConfigurationTarget.Global, true);
  try {
    // Saving runs the participants only for a dirty document.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), "\n");
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save(), "saved");
    assert.match(doc.getText(), /make\(chan int\)\n\tdefer close\(ch\)\n/, `fixed on save; the file is now:\n${doc.getText()}`);
    await waitForDiagnostics(doc.uri, "GL003 gone after fix-on-save", (d) => !d.some((x) => codeOf(x) === "GL003"));
  } finally {
    await cfg.update("codeActionsOnSave", undefined, vscode.ConfigurationTarget.Global, true);
  }
});

test("goleash: Run Tests and Confirm Leaks merges run-time evidence into the diagnostics", async () => {
  const doc = await open("confirm/fetch.go");
  await waitForDiagnostics(doc.uri, "GL004 on fetch.go", (d) => d.some((x) => codeOf(x) === "GL004"));
  const testFile = await open("confirm/fetch_test.go");
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", testFile.uri)) ?? [];
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.command]), [[0, "goleash.runTests"]], "a code lens on the test file");
  await open("confirm/fetch.go");
  await vscode.commands.executeCommand("goleash.runTestsForFile");
  const ds = await waitForDiagnostics(doc.uri, "GL004 confirmed at run time", (d) =>
    d.some((x) => codeOf(x) === "GL004" && /confirmed at run time: 3 goroutines left by TestFirst/.test(x.message)));
  const confirmed = ds.find((d) => codeOf(d) === "GL004")!;
  assert.equal(confirmed.range.start.line, 10, "at the blocked send");
  const runtimeOnly = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === "goleash-runtime");
  assert.ok(runtimeOnly.some((d) => codeOf(d) === "GL901" && d.range.start.line === 30 && /TestWait/.test(d.message)),
    `the leak only the run shows, under its own source: ${JSON.stringify(runtimeOnly.map((d) => [codeOf(d), d.range.start.line, d.message]))}`);
});

export async function run(): Promise<void> {
  let failed = 0;
  for (const [name, fn] of tests) {
    const started = Date.now();
    try {
      await fn();
      console.log(`PASS ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.error(`FAIL ${name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }
  console.log(`${tests.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} extension-host test(s) failed`);
}
