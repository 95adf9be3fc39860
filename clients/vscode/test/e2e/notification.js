// Opens a Go file in a workbench where no goleash can be found and prints the text of the
// notification the extension shows (one JSON line), with a screenshot of it.
const { launch, required } = require("./browser");

(async () => {
  const port = required("PORT");
  const workspace = required("WORKSPACE");
  const file = required("FILE");
  const shotDir = required("SHOT_DIR");
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector(".monaco-workbench");
    await page.locator(".explorer-folders-view .monaco-list-row").filter({ hasText: file }).first().dblclick();
    const toast = page.locator(".notification-toast").filter({ hasText: "goleash" }).first();
    await toast.waitFor();
    // Give a second notification (there must not be one) the chance to show up.
    await page.waitForTimeout(1500);
    const toasts = await page.locator(".notification-toast").filter({ hasText: "goleash" }).allInnerTexts();
    await page.screenshot({ path: `${shotDir}/not-found.png` });
    console.log(JSON.stringify({ toasts: toasts.map((t) => t.replace(/\u00a0/g, " ")) }));
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
