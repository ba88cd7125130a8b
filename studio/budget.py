"""Bounds on heavy work, for a studio that many people share (a Hugging Face Space, a class server).

Two limits, both off on a laptop and on by default where the studio is hosted:
- a work budget in pixel-steps (pixels of every image the network runs on × the steps at that
  size), checked before a job starts: a job over it is refused with a sentence that says what to
  lower and to what;
- a time limit per job: a job still running then stops, and its last picture is the result.

Settings: STUDIO_MAX_WORK (pixel-steps; 0 = no budget), STUDIO_JOB_SECONDS (0 = no limit), and
STUDIO_HOSTED=1 for the hosted defaults (set automatically on a Hugging Face Space, which has SPACE_ID).
"""

from __future__ import annotations

import ctypes
import functools
import math
import os
import time
from dataclasses import dataclass
from typing import Callable, Iterator

from studio.errors import StudioError
from studio.frames import Frame

HOSTED_MAX_WORK = 40e6      # a 9-layer sweep at the default 512 px fits; 1024 px × 8 octaves × 100 steps does not
HOSTED_JOB_SECONDS = 60


def hosted() -> bool:
    flag = os.environ.get("STUDIO_HOSTED", "").strip().lower()
    return flag in ("1", "true", "yes") or (flag == "" and bool(os.environ.get("SPACE_ID")))


def _setting(name: str, hosted_default: float) -> float | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return hosted_default if hosted() else None
    try:
        value = float(raw)
    except ValueError:
        return hosted_default if hosted() else None
    return value if value > 0 and math.isfinite(value) else None


def max_work() -> float | None:
    return _setting("STUDIO_MAX_WORK", HOSTED_MAX_WORK)


def job_seconds() -> float | None:
    return _setting("STUDIO_JOB_SECONDS", HOSTED_JOB_SECONDS)


@dataclass(frozen=True)
class Work:
    """How much a job asks for, and how to say what would make it smaller."""
    pixel_steps: float
    what: str                               # 'This dream', 'This style transfer'
    size: int                               # the long side it works at, px
    steps: int                              # the steps setting a person can lower
    steps_label: str = "steps"


def check(work: Work) -> None:
    """Refuse a job over the budget, saying what to lower (steps, or the size: work grows with its square)."""
    budget = max_work()
    if budget is None or work.pixel_steps <= budget:
        return
    factor = work.pixel_steps / budget
    fewer_steps = max(1, math.floor(work.steps / factor))
    # Pixels grow with the square of the size, give or take rounding: 5% to spare, in the slider's 32 px steps.
    smaller = max(32, int(work.size / math.sqrt(factor * 1.05)) // 32 * 32)
    raise StudioError(
        f"{work.what} needs about {factor:.1f}× the work one job may use on this shared studio "
        f"({work.pixel_steps / 1e6:.0f} million pixel-steps, the limit is {budget / 1e6:.0f} million). "
        f"Lower the {work.steps_label} to {fewer_steps} or the size to {smaller} px, and run it again.")


def release_memory() -> None:
    """Hand freed memory back to the system. glibc keeps what a finished job freed in its arenas,
    so a long-running server would otherwise stay at its peak after every large picture."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):   # not glibc (macOS, Windows): their allocators return memory themselves
        pass


def time_limited(frames: Iterator[Frame], seconds: float | None = None) -> Iterator[Frame]:
    """Stop a run after `seconds` (default: the job time limit); its last frame is then the result,
    with a caption saying why it stopped."""
    seconds = job_seconds() if seconds is None else seconds
    deadline = time.monotonic() + seconds if seconds else None
    try:
        for frame in frames:
            if deadline and time.monotonic() > deadline and not frame.done:
                frame.caption = (f"{frame.caption} · stopped at step {frame.step} of {frame.total}: the "
                                 f"{seconds:g} s limit for one job here (lower the size or the steps to finish)"
                                 ).lstrip(" ·")
                yield frame
                return
            yield frame
    finally:
        getattr(frames, "close", lambda: None)()   # release the run's tensors now, finished or not
        release_memory()


def bounded(work: Callable[..., Work]):
    """For a demo's run generator: check its work before it starts, and limit its time."""
    def wrap(fn: Callable[..., Iterator[Frame]]):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            check(work(*args, **kwargs))
            return time_limited(fn(*args, **kwargs))
        return run
    return wrap
