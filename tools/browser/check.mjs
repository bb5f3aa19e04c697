// Checks pcplan's HTML documents in a real browser.
//
//   node check.mjs [--pdf DIR] FILE.html... [--print FILE.html...]
//
// Opens each file in headless Chromium (the system's /usr/bin/chromium, or $CHROMIUM;
// playwright gives it a fresh profile in a temporary folder) and runs axe-core with the
// WCAG 2.2 AA rules. Files named after --print are also printed to DIR/<n>.pdf, as the
// page's CSS asks (A4). Prints one JSON object on standard output:
//   {"files": [{"file": ..., "violations": [...], "requests": [...], "pdf": ...,
//               "minFontPx": <the smallest computed font size of the text in <main>>}]}
// Requests other than file: and data: URLs are blocked and listed: a document must
// fetch nothing.
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axe = require("axe-core");

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const jobs = [];
let pdfDir = null;
let printing = false;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--pdf") pdfDir = resolve(args[++i]);
  else if (args[i] === "--print") printing = true;
  else jobs.push({ file: resolve(args[i]), print: printing });
}
if (jobs.some((job) => job.print) && !pdfDir) {
  console.error("--print needs --pdf DIR");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const results = [];
try {
  const context = await browser.newContext();
  // axe is injected by the checker, never by the documents (which carry no script).
  await context.addInitScript({ content: axe.source });
  const page = await context.newPage();
  let requests = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  for (const [index, job] of jobs.entries()) {
    requests = [];
    await page.emulateMedia({ media: "screen" });
    await page.goto(pathToFileURL(job.file).href, { waitUntil: "load" });
    const report = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
      TAGS,
    );
    // The smallest type of the text in <main>: easy-read versions need at least 14 pt.
    const minFontPx = await page.evaluate(() => {
      let smallest = Infinity;
      for (const el of document.querySelectorAll("main *")) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own || el.closest(".visually-hidden")) continue;
        smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
      }
      return smallest === Infinity ? null : smallest;
    });
    const result = {
      file: job.file,
      minFontPx,
      violations: report.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ")),
      })),
      passes: report.passes.length,
      requests,
    };
    if (job.print) {
      result.pdf = join(pdfDir, `${index}.pdf`);
      await page.emulateMedia({ media: "print" });
      await page.pdf({ path: result.pdf, preferCSSPageSize: true, printBackground: true });
    }
    results.push(result);
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ files: results }, null, 1) + "\n");
