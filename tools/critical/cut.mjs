// The critical stylesheet: what every page needs for its first screen, at any
// width, in either colour scheme. tools/critical.py runs this on Node 22.18 or
// later against the built site, served locally:
//
//   node tools/critical/cut.mjs SITE_URL STYLESHEET... -- PAGE...
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

// Kept whatever the page: the dark scheme, chosen before the first paint (its
// rules still checked, as if the page were dark, so that those of Material's
// other palettes go); the whole brief's pages after the first, laid out only
// as they near the screen; and the search placeholder's colour (penthouse
// never keeps a ::placeholder rule). Left out: what the markup hides until the
// reader acts (back to top, and the dialog, empty until a copy); the full
// stylesheets arrive just after the first paint, before any act can show it.
const SLATE = /data-md-color-scheme="?slate/;
const FORCED = [SLATE, /\.brief-whole-page\b/, /::placeholder/];
const HIDDEN = [/\.md-top\b/, /\.md-dialog/];

const args = process.argv.slice(2);
const split = args.indexOf("--");
if (split < 2 || split === args.length - 1) throw new Error("usage: node tools/critical/cut.mjs SITE_URL STYLESHEET... -- PAGE...");
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
const critical = csstree.parse(cssString);
const marked = [];
rules(critical, (rule, item, list) => {
  rule.block.children.appendData({ type: "Declaration", important: false, property: MARK, value: { type: "Raw", value: String(marked.length) } });
  marked.push({ rule, item, list });
});
const markedString = csstree.generate(critical);
const found = new Map();

// penthouse keeps a rule when its selector matches anything whose box starts
// above the fold. A selector is kept here only if it matches an element drawn
// on the first screen (seen, and not clipped away), or one that starts above
// the screen's foot inside a kept parent, which may be what hides it (so the
// closed drawer's and search's contents stay). What goes is what penthouse
// kept for elements lower down: the hidden tab panels' code further down the
// page, some of the foot's and the cards' rules, and the .no-js rules.
async function onScreen(url, width, height, selectors) {
  const tab = await browser.newPage();
  try {
    await tab.setViewport({ width, height });
    await tab.goto(url, { waitUntil: "load" });
    return new Map(await tab.evaluate((selectors) => {
      const drawn = (e) => {
        if (!e.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
        const r = e.getBoundingClientRect();
        let [left, top, right, bottom] = [Math.max(r.left, 0), Math.max(r.top, 0), Math.min(r.right, innerWidth), Math.min(r.bottom, innerHeight)];
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
          const style = getComputedStyle(a);
          if (style.overflowX === "visible" && style.overflowY === "visible") continue;
          const q = a.getBoundingClientRect();
          [left, top, right, bottom] = [Math.max(left, q.left), Math.max(top, q.top), Math.min(right, q.right), Math.min(bottom, q.bottom)];
        }
        return right > left && bottom > top;
      };
      const kept = new Set([document.documentElement, document.body]);
      for (const e of document.body.querySelectorAll("*")) {
        if (drawn(e) || (kept.has(e.parentElement) && e.getBoundingClientRect().top < innerHeight)) kept.add(e);
      }
      const bare = (s) => s.replace(/::?(before|after|placeholder|marker|selection|-webkit-[\w-]+|-moz-[\w-]+)(\([^)]*\))?/g, "")
        .replace(/(?<!:not\()\[data-md-color-scheme="?slate"?\]/g, "").trim() || "*";
      return selectors.map((s) => {
        try {
          return [s, [...document.querySelectorAll(bare(s))].some((e) => kept.has(e))];
        } catch {
          return [s, true];
        }
      });
    }, selectors));
  } finally {
    await tab.close();
  }
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const page of pages) {
    for (const [width, height] of VIEWPORTS) {
      const css = await penthouse({
        url: site + page, cssString: markedString, width, height, renderWaitTime: 50,
        forceInclude: FORCED, forceExclude: HIDDEN,
        puppeteer: { getBrowser: () => browser }, unstableKeepBrowserAlive: true,
      });
      if (!css) throw new Error(`penthouse found nothing for ${site + page} at ${width} x ${height}`);
      const cut = csstree.parse(css);
      const candidates = new Set();
      rules(cut, (rule) => { if (rule.prelude.type === "SelectorList") rule.prelude.children.forEach((s) => candidates.add(csstree.generate(s))); });
      const shown = await onScreen(site + page, width, height, [...candidates].filter((s) => !FORCED.some((f) => f !== SLATE && f.test(s))));
      rules(cut, (rule) => {
        const mark = rule.block.children.filter((d) => d.property === MARK).first;
        if (!mark) return;
        const index = Number(csstree.generate(mark.value).trim());
        const selectors = rule.prelude.type === "SelectorList" ? rule.prelude.children.toArray().map((s) => csstree.generate(s)).filter((s) => shown.get(s) !== false) : [];
        if (rule.prelude.type === "SelectorList" && !selectors.length) return;
        const seen = found.get(index) ?? { block: rule.block.children.filter((d) => d.property !== MARK), selectors: new Set() };
        selectors.forEach((s) => seen.selectors.add(s));
        found.set(index, seen);
      });
    }
  }
} finally {
  await browser.close();
}

marked.forEach(({ rule, item, list }, index) => {
  const kept = found.get(index);
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
