// Runs the extension-host tests (out/test/integration/index.js) inside code-server through the
// workbench's `payload` URL parameter, with the extension loaded unpackaged from EXT_DIR.
// Exit code: the one the tests report through window.codeAutomationExit.
const { launch, required } = require("./browser");

(async () => {
  const port = required("PORT");
  const extDir = required("EXT_DIR");
  const workspace = required("WORKSPACE");
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = JSON.stringify([
    ["extensionDevelopmentPath", remote(extDir)],
    ["extensionTestsPath", remote(`${extDir}/out/test/integration/index.js`)],
    ["skipWelcome", "true"],
  ]);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const exited = new Promise((resolve) => page.exposeFunction("codeAutomationExit", (code) => resolve(code)));
    await page.exposeFunction("codeAutomationLog", (type, args) => console.log(`[ext:${type}]`, ...(args || [])));
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const code = await exited;
    console.log(`extension-host tests exited with ${code}`);
    process.exitCode = code === 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(2);
});
