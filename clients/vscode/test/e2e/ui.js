// Drives the real workbench like a user: open the leaky file from the Explorer, wait for the
// squiggle and the Problems entry, screenshot, apply the quick fix chosen by FIX_TITLE (a regexp)
// with the keyboard, save, and wait for the problem to disappear.
// Prints one JSON line per step ({"step": ..., ...}) for the pytest side to check.
const { launch, required } = require("./browser");

const text = (s) => (s || "").replace(/\u00a0/g, " ");
const report = (step, data) => console.log(JSON.stringify({ step, ...data }));

(async () => {
  const port = required("PORT");
  const workspace = required("WORKSPACE");
  const file = required("FILE");
  const shotDir = required("SHOT_DIR");
  const fixTitle = new RegExp(process.env.FIX_TITLE || "goleash|Suppress", "i");
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    page.setDefaultTimeout(60000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector(".monaco-workbench");
    await page.locator(".explorer-folders-view .monaco-list-row").filter({ hasText: file }).first().dblclick();
    await page.waitForSelector(".squiggly-warning, .squiggly-error");
    report("squiggle", {});

    await page.keyboard.press("Control+Shift+M");
    const problem = page.locator(".markers-panel .monaco-list-row").filter({ hasText: /GL\d{3}/ }).first();
    await problem.waitFor();
    report("problems", { row: text(await problem.innerText()) });
    // F8 puts the cursor on the problem and shows its message inline: that is the screenshot.
    await page.locator(".monaco-editor textarea").first().focus();
    await page.keyboard.press("F8");
    await page.locator(".marker-widget").first().waitFor({ timeout: 10000 }).catch(() => {});
    await page.screenshot({ path: `${shotDir}/flagged.png` });
    report("screenshot", { path: `${shotDir}/flagged.png` });

    // Ctrl+. opens the quick fixes at the cursor.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+.");
    const rows = page.locator(".action-widget .monaco-list-row.action");
    await rows.first().waitFor();
    const titles = (await rows.allInnerTexts()).map(text);
    await page.screenshot({ path: `${shotDir}/quickfix.png` });
    report("quickfixes", { titles });
    const index = titles.findIndex((t) => fixTitle.test(t));
    if (index < 0) throw new Error(`no quick fix matching ${fixTitle} among ${JSON.stringify(titles)}`);
    // Clicks are swallowed by the context-view pointer block: choose with the keyboard.
    for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    report("applied", { title: titles[index] });

    // The fix's edit lands asynchronously: save only once the editor holds it (its squiggle
    // is gone), or the save may write the old text and the edit come after it.
    await page.waitForFunction(() => !document.querySelector(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-error"));
    await page.keyboard.press("Control+S");
    await page.waitForFunction(() => !document.querySelector(".tabs-container .tab.dirty"));
    await page.locator(".markers-panel").getByText("No problems have been detected", { exact: false }).first().waitFor();
    const after = text(await page.locator(".monaco-editor .view-lines").first().innerText());
    await page.screenshot({ path: `${shotDir}/fixed.png` });
    report("fixed", { editor: after });
  } catch (err) {
    await page.screenshot({ path: `${shotDir}/failure.png` }).catch(() => {});
    throw err;
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
