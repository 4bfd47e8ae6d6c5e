"use strict";

// Material wraps each code block's copy button in an unnamed <nav>. With two
// code blocks on a page, screen-reader users meet landmarks they cannot tell
// apart, so each one is named after the block it serves.
const labelCodeNavs = () => {
  document.querySelectorAll("nav.md-code__nav").forEach((nav, index) => {
    nav.setAttribute("aria-label", `Code block ${index + 1}`);
  });
};

// Printed links show where they lead. The print stylesheet reads this full
// address; without JavaScript it falls back to the href of outside links.
// Links within the page, and ¶ citations (which name their paragraph), are left as they are.
const markPrintTargets = () => {
  document.querySelectorAll(".md-content a[href]:not(.headerlink, .footnote-ref, .footnote-backref)").forEach((link) => {
    const target = new URL(link.href);
    const samePage = target.origin === location.origin && target.pathname === location.pathname;
    const citation = link.textContent.trim().startsWith("¶");
    if (!samePage && !citation) link.dataset.printHref = target.href;
  });
  document.documentElement.dataset.printTargets = "marked";
};

// The menu button over Material's drawer label opens the drawer from the keyboard.
const drawer = document.getElementById("__drawer");
const menuButton = document.querySelector(".brief-menu-button");
if (drawer && menuButton) {
  menuButton.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    menuButton.click();
  });
  drawer.addEventListener("change", () => menuButton.setAttribute("aria-expanded", String(drawer.checked)));
}

// A heading's permalink and a point's link (hooks/points.py) copy the full
// address, site_url's, as well as leading to it, and a status line says so.
// It sits outside the content, which instant navigation replaces even on a
// link within the page. Before this script starts (brief/loader.html) they
// are plain links; so they stay where the clipboard cannot be written.
const status = document.createElement("div");
status.className = "brief-status";
status.setAttribute("role", "status");
document.body.append(status);
let clearStatus;
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest(".md-content a.headerlink");
  if (!link || !navigator.clipboard) return;
  const address = new URL(link.hash, (document.querySelector("link[rel=canonical]") || location).href);
  navigator.clipboard.writeText(address.href).then(() => {
    status.textContent = "Link copied";
    clearTimeout(clearStatus);
    clearStatus = setTimeout(() => { status.textContent = ""; }, 4000);
  }, () => {});
});

new MutationObserver(labelCodeNavs).observe(document.body, { childList: true, subtree: true });
labelCodeNavs();

// With instant navigation, document$ emits each time a new page is shown.
if (window.document$) window.document$.subscribe(markPrintTargets);
else markPrintTargets();
