"""Live training that a person starts and stops (Foundations' painter and race, the 2-D GAN): what both
front ends share, with no UI here. A trainer is anything with `.finished`, `.train_for(seconds) -> rate`
and `.status(rate) -> str`.

A click may reach a trainer while the run before it is still training it on another thread: Streamlit
starts the run of a Stop or Step click at once, beside the tick it cuts short, and Gradio's Stop lets the
slice in progress finish. So every read and every training holds the trainer's lock(): what a page shows
is what the model is, and two threads never train one model together."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Iterator

from studio import budget


def paused(started: float) -> str | None:
    """On a shared studio, the note for a job that has trained past the time limit of one job
    (budget.job_seconds) since `started` (time.monotonic()); None while it may go on."""
    limit = budget.job_seconds()
    if limit and time.monotonic() - started > limit:
        return f" · paused after {limit:g} s, the limit for one job here: Start goes on"
    return None


def lock(trainer) -> threading.RLock:
    """The trainer's own lock (made on first use): held to train it and to read what is shown of it."""
    return trainer.__dict__.setdefault("_live_lock", threading.RLock())   # setdefault: one lock, even if raced


def streamed(trainer, refresh_s: float, view: Callable[[Any], tuple], first: bool = True) -> Iterator[tuple]:
    """Train to the trainer's budget in slices of `refresh_s`, yielding (trainer, *view(trainer), status)
    after each (and before the first with `first`, or when there is nothing left to train); stops at the
    time limit of one job, saying so. Each slice and its view under the trainer's lock, released before the
    yield (a cancelled stream must not keep it)."""
    started = time.monotonic()

    def shown(train: bool, note: str = "") -> tuple:
        with lock(trainer):
            rate = trainer.train_for(refresh_s) if train else None
            return trainer, *view(trainer), trainer.status(rate) + note

    if first or trainer.finished:
        yield shown(False)
    while not trainer.finished:
        note = paused(started)
        if note:
            yield shown(False, note)
            return
        yield shown(True)


def kept(trainer, ident, make: Callable[[], Any]):
    """The training so far while `ident` (its settings, an uploaded picture's digest) stays the same;
    else a fresh one from make()."""
    if trainer is not None and getattr(trainer, "ident", None) == ident:
        return trainer
    trainer = make()
    trainer.ident = ident
    return trainer
