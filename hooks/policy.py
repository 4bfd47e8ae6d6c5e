"""Each page's Content-Security-Policy for scripts, and the check that every page keeps to it (MAINTAINING.md).

A page may run an inline script only if the policy (overrides/main.html's
site_meta block) lists its sha256: Material's are listed in
extra.csp.script_hashes (mkdocs.yml); the brief's own, each in a template of
overrides/ that takes no variables, are hashed here from the template as this
build renders it. A rendered page with any other inline script, or a Markdown
page with any <script>, stops the build, naming the page. Each page's policy
then lists only the hashes of the scripts it carries, since each hash is 52
bytes that gzip cannot shrink (tools/benchmark.md).

`mkdocs serve` (make serve) appends to every page a live-reload script whose
text changes with each rebuild, so no hash can allow it: served pages allow
inline scripts instead, and the check still holds them to the hashes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bs4 import BeautifulSoup, Tag
from jinja2 import Environment, StrictUndefined, TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# A <script> with one of these types (or none) is run, and the policy governs it;
# any other type, such as application/ld+json, is a data block the browser neither
# runs nor checks. https://mimesniff.spec.whatwg.org/#javascript-mime-type
RUN_TYPES = frozenset({
    "", "module", "importmap",
    "application/ecmascript", "application/javascript", "application/x-ecmascript", "application/x-javascript",
    "text/ecmascript", "text/javascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
})


@dataclass(frozen=True)
class Policy:
    """The hashes of the inline scripts a page may run, and whether MkDocs' live-reload script must run too."""

    hashes: frozenset[str]
    serving: bool

    @property
    def script_src(self) -> str:
        """The script-src directive's sources. A hash would make the browser ignore 'unsafe-inline', so it is one or the other."""
        if self.serving:
            return "'self' 'unsafe-inline'"
        return " ".join(["'self'", *(f"'sha256-{h}'" for h in sorted(self.hashes))])


_serving = False  # under `mkdocs serve`; set by on_startup, which hooks/main.py calls again after a reload
# Made afresh for each build, by on_env.
_policy: Policy | None = None


def sha256(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def run_scripts(html: str) -> list[str]:
    """The text of each inline script in html that a browser would run."""
    return [
        script.string or ""
        for script in BeautifulSoup(html, "html.parser").find_all("script")
        if isinstance(script, Tag) and not script.has_attr("src")
        and str(script.get("type", "")).strip().lower() in RUN_TYPES
    ]


def template_hashes(env: Environment, overrides: Path) -> set[str]:
    """The hash of each inline script in the templates of overrides/, each rendered with no variables."""
    strict = env.overlay(undefined=StrictUndefined)
    hashes = set()
    for path in sorted(overrides.rglob("*.html")):
        if not run_scripts(path.read_text(encoding="utf-8")):
            continue
        name = path.relative_to(overrides).as_posix()
        try:
            rendered = strict.get_template(name).render()
        except TemplateError as error:
            raise PluginError(
                f"{path}: a template with an inline script must take no template variables, "
                f"so that the script's hash can be computed ({error})"
            ) from error
        hashes |= {sha256(script) for script in run_scripts(rendered)}
    return hashes


def check(output: str, where: str) -> str:
    """Refuse a page whose inline scripts the policy does not allow; narrow its policy to the scripts it carries."""
    assert _policy is not None, "on_env runs before any page is rendered"
    carried = {sha256(script): script for script in run_scripts(output)}
    for digest, script in carried.items():
        if digest not in _policy.hashes:
            raise PluginError(
                f"{where}: the page carries an inline script its Content-Security-Policy does not allow "
                f"(sha256-{digest}): {script.strip()[:120]!r}. The brief's scripts belong in a template "
                "of overrides/ that takes no variables; Material's are listed in extra.csp.script_hashes"
            )
    if _policy.serving or 'http-equiv="Content-Security-Policy"' not in output:
        return output
    directive = f"script-src {_policy.script_src};"
    if directive not in output:
        raise PluginError(f"{where}: its Content-Security-Policy has no script-src {_policy.script_src!r} to narrow")
    return output.replace(directive, f"script-src {Policy(frozenset(carried), serving=False).script_src};", 1)


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    global _policy
    listed = set(config.extra["csp"]["script_hashes"])
    overrides = Path(str(config.theme.custom_dir))
    _policy = Policy(frozenset(listed | template_hashes(env, overrides)), serving=_serving)
    env.globals["brief_policy"] = _policy
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if re.search(r"<script\b", html, re.IGNORECASE):
        raise PluginError(
            f"{page.file.src_uri}: raw <script> in Markdown; the Content-Security-Policy would refuse it. "
            "Scripts belong in overrides/ or extra_javascript"
        )
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return check(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return check(output_content, template_name) if template_name.endswith(".html") else output_content
