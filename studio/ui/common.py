"""Text both front ends show, built from the core (no UI framework imported here)."""

from __future__ import annotations

import functools
import os

from studio import budget, images, inventory
from studio.device import configure_threads, device_info


@functools.cache
def start_up() -> int:
    """Once per process, whichever front end starts it: apply STUDIO_THREADS (torch's CPU threads).
    A hosted studio without the setting leaves one core to the web server, so pages and the queue
    keep answering while a heavy job computes."""
    images.configure_pillow()
    if budget.hosted() and not os.environ.get("STUDIO_THREADS", "").strip():
        return configure_threads(max(1, (os.cpu_count() or 2) - 1))
    return configure_threads()


def device_line() -> str:
    info = device_info()
    hint = "" if info.is_gpu else " — no GPU found, so demos start with small, fast defaults"
    return f"Computing on **{info.describe()}**{hint}."


def inventory_markdown() -> str:
    rows = ["| Here? | What | Used by | Size | Where |", "|---|---|---|---|---|"]
    for it in inventory.items():
        mark = "yes" if it.present else "**no**"
        size = f"{it.size_mb:.0f} MB" if it.size_mb else ""
        note = f" ({it.note})" if it.note else ""
        rows.append(f"| {mark} | {it.what}{note} | {it.used_by} | {size} | `{it.where}` |")
    missing = any(not it.present for it in inventory.items())
    tail = ("\n\nMissing items: run `make fetch` once while online (`make zoo` retrains the studio's own "
            "models); locations are set by `TORCH_HOME`, `STUDIO_DATA_ROOT` and `STUDIO_PRETRAINED`."
            if missing else "")
    return "\n".join(rows) + tail
