"""Look at the built site as a person would, in headless Chromium.

    python docs/browser_check.py docs/_build/html --screenshots DIR

Two checks, and the script exits 1 if either finds a problem:

1. Every HTML file of the build: each relative ``href``/``src`` must name a file
   of the build, and each ``#fragment`` an ``id`` in the target page.
2. A few pages (the home page, the ``TradeoffClassifier`` API page, the user
   guide's "Choosing t" page and a gallery page) opened in Chromium through the
   DevTools protocol: a JavaScript exception, a console error, a failed request
   (a missing image, script or style sheet), an image that did not decode, or a
   page that renders blank (almost no text, or a screenshot of one colour) fails.
   Screenshots of each page are saved for a human to look at.

The browser gets no network and a new empty profile; every page is a ``file://``
URL, so a page that needs the internet to render fails here too.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

PAGES = [
    ("home", "index.html"),
    ("api_tradeoff_classifier", "generated/sk_imbalance.TradeoffClassifier.html"),
    ("user_guide_choosing_t", "user_guide/choosing_t.html"),
    ("gallery_choose_t", "auto_examples/plot_choose_t_screening.html"),
]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
]
WIDTH, HEIGHT = 1280, 1000
MIN_TEXT = 200  # characters of visible text below which a page counts as blank


# --------------------------------------------------------------------------------
# 1. Links between the files of the build.


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") == "preload"):
                self.refs.append((tag, attrs[key]))


def _parse(path, cache):
    if path not in cache:
        parser = _Refs()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = parser
    return cache[path]


def _pages(root):
    # _static/ holds the theme's template fragments, not pages of the site.
    return [p for p in sorted(root.rglob("*.html")) if "_static" not in p.parts]


def check_links(root):
    """Broken relative links and anchors in every HTML file under ``root``."""
    problems, cache = [], {}
    for page in _pages(root):
        for tag, ref in _parse(page, cache).refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//") or ref.startswith("mailto:"):
                continue  # external: not fetched, no network here
            target = page if not parts.path else (page.parent / unquote(parts.path))
            target = Path(os.path.normpath(target))
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(root)}: <{tag}> {ref}"
            if not target.exists():
                problems.append(f"{where}: no such file")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                if fragment not in _parse(target, cache).ids:
                    problems.append(f"{where}: no id '{fragment}' in the target page")
    return problems


# --------------------------------------------------------------------------------
# 2. The pages in Chromium, through the DevTools protocol.


def find_chromium(explicit=None):
    for name in filter(None, [explicit, "chromium", "chromium-browser", "chrome"]):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("browser check: no chromium executable (apt-get install chromium)")


class Browser:
    """A headless Chromium with one page, driven over its DevTools websocket."""

    def __init__(self, executable, timeout=60):
        import websocket  # websocket-client, from the docs extra

        self.profile = tempfile.mkdtemp(prefix="sk-imbalance-chromium-")
        self.log = open(Path(self.profile) / "chromium.log", "w+")
        self.process = subprocess.Popen(
            [
                executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                raise RuntimeError(
                    f"chromium did not start:\n{self.log.read()[-2000:]}"
                )
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as answer:
            targets = json.load(answer)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=timeout, suppress_origin=True
        )
        self.next_id, self.events, self.timeout = 0, [], timeout
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, event, timeout=60):
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if any(e["method"] == event for e in self.events):
                    return True
                self.ws.settimeout(max(0.1, deadline - time.monotonic()))
                try:
                    message = json.loads(self.ws.recv())
                except Exception:  # a timeout: the loop checks the deadline
                    continue
                if "method" in message:
                    self.events.append(message)
            return False
        finally:
            self.ws.settimeout(self.timeout)

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.log.close()
            shutil.rmtree(self.profile, ignore_errors=True)


# Loads every image now (lazy ones too), waits for them, and reports the page.
_INSPECT = """
(async () => {
  const images = Array.from(document.images);
  images.forEach(img => { img.loading = "eager"; });
  const deadline = Date.now() + 20000;
  while (images.some(img => !img.complete) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 100));
  }
  const main = document.querySelector("main, article, [role=main]") || document.body;
  return {
    title: document.title,
    text: (main.innerText || "").trim().length,
    images: images.map(img => ({src: img.currentSrc || img.src,
                                ok: img.complete && img.naturalWidth > 0})),
  };
})()
"""


# The first figure of the page's content, scrolled to the middle of the window.
_SCROLL_TO_FIGURE = """
(() => {
  const img = document.querySelector(
    "main img.sphx-glr-single-img, main img.sphx-glr-multi-img, main figure img");
  if (!img) return false;
  img.scrollIntoView({block: "center"});
  return true;
})()
"""


def _event_problems(events):
    problems = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details["text"]
            problems.append(f"JavaScript exception: {text}")
        elif method == "Runtime.consoleAPICalled" and params["type"] in (
            "error",
            "assert",
        ):
            args = " ".join(
                str(a.get("value", a.get("description", ""))) for a in params["args"]
            )
            problems.append(f"console.{params['type']}: {args}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            problems.append(f"console error: {entry['text']} {entry.get('url', '')}")
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            problems.append(f"request failed: {params.get('errorText')}")
    return problems


def _colours(png_path):
    from PIL import Image

    with Image.open(png_path) as image:
        small = image.convert("RGB").resize((160, 125))
        return len(small.getcolors(maxcolors=160 * 125))


def check_page(browser, root, name, relative, out_dir):
    path = root / relative
    if not path.exists():
        return [f"{relative}: not built"]
    browser.events.clear()
    browser.call("Page.navigate", url=path.resolve().as_uri())
    if not browser.wait_for("Page.loadEventFired"):
        return [f"{relative}: did not finish loading"]
    report = browser.evaluate(_INSPECT)
    browser.wait_for("never", timeout=1.0)  # late console errors
    shot = out_dir / f"{name}.png"
    browser.evaluate("window.scrollTo(0, 0)")
    browser.screenshot(shot)
    saved = [shot]
    problems = [f"{relative}: {p}" for p in _event_problems(browser.events)]
    for image in report["images"]:
        if not image["ok"]:
            problems.append(f"{relative}: image did not load: {image['src']}")
    if report["text"] < MIN_TEXT:
        problems.append(f"{relative}: blank page ({report['text']} characters of text)")
    if _colours(shot) < 4:
        problems.append(f"{relative}: blank page (the screenshot {shot} is one colour)")
    figure = browser.evaluate(_SCROLL_TO_FIGURE)
    if figure:
        time.sleep(0.3)
        shot = out_dir / f"{name}_figure.png"
        browser.screenshot(shot)
        saved.append(shot)
    return problems, saved, report


# A site with one of each fault, for --self-test: the check must name them all.
_BROKEN_SITE = {
    "index.html": (
        '<html><body><main><p>Hello</p><img src="missing.png">'
        '<a href="nowhere.html">x</a><a href="#nope">y</a>'
        '<script>console.error("boom"); undefinedFunction();</script>'
        "</main></body></html>"
    ),
    "user_guide/choosing_t.html": "<html><body></body></html>",
}
_EXPECTED_FAULTS = [
    "index.html: <img> missing.png: no such file",
    "index.html: <a> nowhere.html: no such file",
    "index.html: <a> #nope: no id 'nope'",
    "index.html: console.error: boom",
    "index.html: JavaScript exception: ReferenceError",
    "index.html: image did not load",
    "user_guide/choosing_t.html: blank page (0 characters",
    "user_guide/choosing_t.html: blank page (the screenshot",
    "auto_examples/plot_choose_t_screening.html: not built",
]


def self_test(chromium):
    """Run the checks on a site built to fail them; True if every fault is found."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        for relative, html in _BROKEN_SITE.items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(html, encoding="utf-8")
        problems = run_checks(root, Path(tmp) / "shots", chromium, quiet=True)
    missed = [f for f in _EXPECTED_FAULTS if not any(p.startswith(f) for p in problems)]
    for fault in missed:
        print("self-test: the check missed", fault)
    print("browser check self-test:", "failed" if missed else "passed")
    return not missed


def run_checks(root, screenshots, chromium, quiet=False):
    """Every problem found in the build at ``root`` (an empty list: all good)."""
    screenshots.mkdir(parents=True, exist_ok=True)
    problems = check_links(root)
    if not quiet:
        print(f"links: {len(_pages(root))} pages checked, {len(problems)} broken")
    browser = Browser(chromium)
    try:
        for name, relative in PAGES:
            result = check_page(browser, root, name, relative, screenshots)
            if isinstance(result, list):
                problems.extend(result)
                continue
            page_problems, shots, report = result
            problems.extend(page_problems)
            if not quiet:
                print(
                    f"{relative}: '{report['title']}', {report['text']} characters, "
                    f"{len(report['images'])} images, {len(page_problems)} problems; "
                    + ", ".join(str(s) for s in shots)
                )
    finally:
        browser.close()
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", type=Path, help="the HTML build (index.html)")
    parser.add_argument("--screenshots", type=Path, required=True)
    parser.add_argument("--chromium", help="the browser executable")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="first check that a deliberately broken site fails every check",
    )
    args = parser.parse_args(argv)
    chromium = find_chromium(args.chromium)
    if args.self_test and not self_test(chromium):
        return 1
    problems = run_checks(args.build_dir.resolve(), args.screenshots, chromium)
    for problem in problems:
        print("FAIL", problem)
    print("browser check:", "failed" if problems else "passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
