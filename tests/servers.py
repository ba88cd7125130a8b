"""Start the studio's real servers on 127.0.0.1 for end-to-end tests, and a headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("STUDIO_SCREENSHOTS", REPO / ".artifacts" / "screenshots"))
SERVER_LOGS = REPO / ".artifacts" / "servers"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 120, expect: bytes | None = None,
             log: Path | None = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            said = log.read_text(errors="replace") if log else proc.stdout.read().decode(errors="replace")
            raise RuntimeError(f"server exited early: {said[-2000:]}")
        with contextlib.suppress(OSError):
            body = urllib.request.urlopen(url, timeout=2).read()
            if expect is None or expect in body:
                return
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@contextlib.contextmanager
def serve(kind: str, env: dict[str, str] | None = None):
    """kind 'streamlit' (streamlit run app.py) or 'gradio' (python app.py); yields the base URL."""
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    if kind == "streamlit":
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]
        health = f"http://127.0.0.1:{port}/_stcore/health"
    else:
        cmd = [sys.executable, "app.py"]
        env.update(GRADIO_SERVER_NAME="127.0.0.1", GRADIO_SERVER_PORT=str(port))
        health = f"http://127.0.0.1:{port}/gradio_api/info"
    # What the server prints goes to a file: a pipe nobody reads fills after 64 KB, and the next thread
    # that logs (a page's script) then blocks for good, leaving a page that never answers.
    SERVER_LOGS.mkdir(parents=True, exist_ok=True)
    log = SERVER_LOGS / f"{kind}-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(health, proc, log=log)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def browser_page(width: int = 1400, height: int = 1100):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- waiting on what the visitor sees, never on the clock ---------------------------------------

def pictures_loaded(page, at_least: int = 1, timeout: float = 60_000) -> None:
    """Every picture laid out on the page has loaded, and there are at least `at_least` of them."""
    page.wait_for_function(
        "n => { const shown = [...document.images].filter(e => e.offsetParent !== null);"
        " return shown.length >= n && shown.every(e => e.complete && e.naturalWidth > 0); }",
        arg=at_least, timeout=timeout)


_WATCH_RERUNS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  window.__studioReruns = 0;
  new MutationObserver(() => { window.__studioReruns++; })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
_RERUN_DONE = """() => window.__studioReruns > 0 &&
  document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') === 'notRunning'"""


@contextlib.contextmanager
def streamlit_rerun(page, timeout: float = 60_000):
    """`with streamlit_rerun(page): <change a widget>` returns once the rerun it caused has finished
    (Streamlit marks its root with data-test-script-state running / notRunning)."""
    page.evaluate(_WATCH_RERUNS)
    yield
    page.wait_for_function(_RERUN_DONE, timeout=timeout)


_QUIET_STREAMLIT = """n => {
  const app = document.querySelector('[data-testid=stApp]');
  const quiet = app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale=true]');
  window.__studioQuiet = quiet ? window.__studioQuiet + 1 : 0;
  return window.__studioQuiet >= n;
}"""


def streamlit_settled(page, frames: int = 20, timeout: float = 120_000) -> None:
    """Streamlit has finished running and greys nothing out as stale, and stays so for `frames`
    animation frames in a row (one run can follow another at once: a Stop, then a fragment's last tick).
    Counted in frames the browser draws, checked on each one, never in seconds."""
    page.evaluate("() => { window.__studioQuiet = 0; }")
    page.wait_for_function(_QUIET_STREAMLIT, arg=frames, timeout=timeout, polling="raf")


def gradio_idle(page, timeout: float = 120_000) -> None:
    """No Gradio event is pending or streaming: every progress tracker (the spinner or the pulsing
    border on an output) is hidden again."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=status-tracker]')]"
        ".every(e => e.classList.contains('hide'))", timeout=timeout)


def charts_drawn(page, at_least: int = 1, timeout: float = 60_000) -> None:
    """At least `at_least` Plotly charts are laid out on the page, and every one of them has drawn."""
    page.wait_for_function(
        "n => { const shown = [...document.querySelectorAll('.js-plotly-plot')].filter(e => e.offsetParent !== null);"
        " return shown.length >= n && shown.every(e => e.querySelector('.main-svg')); }",
        arg=at_least, timeout=timeout)


def settles(page, read: str, frames: int = 150, timeout: float = 120_000) -> str:
    """Waits until what `read` (a JavaScript function of no arguments) shows has stayed the same for
    `frames` animation frames in a row (a change starts the count again). Returns the value."""
    page.evaluate("() => { window.__studioSettle = undefined; }")
    page.wait_for_function(
        f"""n => {{
          const now = String(({read})());
          const seen = window.__studioSettle;
          if (!seen || seen.value !== now) {{ window.__studioSettle = {{value: now, frames: 0}}; return false; }}
          return ++seen.frames >= n;
        }}""", arg=frames, timeout=timeout, polling="raf")
    return page.evaluate("() => window.__studioSettle.value")


def holds_still(page, read: str, frames: int = 60, timeout: float = 60_000) -> str:
    """What `read` (a JavaScript function of no arguments) shows stays the same on each of `frames`
    animation frames in a row; a change fails at once, saying from what to what. Returns the value."""
    page.evaluate("() => { window.__studioStill = undefined; }")
    page.wait_for_function(
        f"""n => {{
          const now = String(({read})());
          const seen = window.__studioStill = window.__studioStill || {{value: now, frames: 0}};
          if (now !== seen.value) throw new Error(`it moved: ${{seen.value}} became ${{now}}`);
          return ++seen.frames >= n;
        }}""", arg=frames, timeout=timeout, polling="raf")
    return page.evaluate("() => window.__studioStill.value")
