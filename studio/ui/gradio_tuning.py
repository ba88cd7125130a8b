"""Work Gradio 6.31 does on every event that the studio leaves out (issue 22). Measured in docs/hosting.md.

One thread runs Gradio's web server, and every page, queue message and result file of a class goes
through it. Each event it also searched the whole of sys.path for matplotlib, twice, and resolved the
same configured folders (its cache, the upload folder, the working directory, two icons) link by link:
about 195 file-system calls an event, each of which lets go of the interpreter and must wait to get it
back from the light lane's handlers. And after each event it rebuilt the summary of a monitoring page
the studio does not serve. `spare_the_event_loop()` (at launch) and `no_monitoring_summary()` (before
the queue is made), both called by studio.gradio_app, keep Gradio's behaviour and drop that repetition.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from pathlib import Path

import gradio.history
import gradio.processing_utils
import gradio.utils
import gradio.workflow

# Every module that took Gradio's folder check by name (`from gradio.utils import is_in_or_equal`)
USERS_OF_THE_FOLDER_CHECK = (gradio.utils, gradio.processing_utils, gradio.history, gradio.workflow)


NEVER = 2**62   # events: Gradio recomputes its monitoring summary once this many have passed since the last


def no_monitoring_summary() -> None:
    """Gradio rebuilds the summary behind its monitoring page (a pandas table of the last 10,000 events,
    grouped by endpoint, with percentiles) after every event: 4-6 ms of CPU holding the interpreter at
    150-3,000 recorded events, 12 ms at 10,000 (the summary alone, measured), on every click of a class.
    The studio launches without that page (enable_monitoring=False), so the summary is never due. The
    queue reads this setting when it is made; one set in the environment beforehand wins."""
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(NEVER))


def spare_the_event_loop() -> None:
    """Both changes below; idempotent."""
    no_matplotlib_search()
    resolve_folders_once()


def no_matplotlib_search() -> None:
    """Gradio sets matplotlib's backend around every event (`import matplotlib` on entry and on exit).
    The studio draws with Plotly and does not install matplotlib, and a failed import looks in every
    folder of sys.path again each time. Marking it absent makes that import fail at once, as it would."""
    if "matplotlib" not in sys.modules and importlib.util.find_spec("matplotlib") is None:
        sys.modules["matplotlib"] = None   # Python's own mark for "not importable": ImportError at once


@functools.lru_cache(maxsize=256)
def _folder(path: str) -> Path:
    """A configured folder (Gradio's cache, upload folder, working directory, allowed, blocked or
    static paths), its links resolved: they do not move while the server runs (nor does its directory)."""
    return gradio.utils.abspath(path).resolve()


def is_in_or_equal(path_1: str | Path, path_2: str | Path) -> bool:
    """gradio.utils.is_in_or_equal: whether path_1 lies in path_2 (or is it), both with links resolved.
    path_1, the file a request names, is resolved afresh every time, as Gradio does; path_2 is always
    one of the server's configured folders (every caller in Gradio 6.31 passes one), resolved once."""
    try:
        gradio.utils.abspath(path_1).resolve().relative_to(_folder(str(path_2)))
        return True
    except ValueError:
        return False


def resolve_folders_once() -> None:
    for module in USERS_OF_THE_FOLDER_CHECK:
        module.is_in_or_equal = is_in_or_equal
