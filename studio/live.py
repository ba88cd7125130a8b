"""Live training that a person starts and stops (Foundations' painter and race, the 2-D GAN): what both
front ends share, with no UI here. A trainer is anything with `.finished`, `.train_for(seconds) -> rate`
and `.status(rate) -> str`."""

from __future__ import annotations

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


def slices(trainer, refresh_s: float, first: bool = True) -> Iterator[tuple[Any, str]]:
    """Train to the trainer's budget in slices of `refresh_s`, yielding (trainer, status) after each
    (and before the first with `first`, or when there is nothing left to train); stops at the time limit of
    one job, saying so."""
    started = time.monotonic()
    if first or trainer.finished:
        yield trainer, trainer.status()
    while not trainer.finished:
        note = paused(started)
        if note:
            yield trainer, trainer.status() + note
            return
        yield trainer, trainer.status(trainer.train_for(refresh_s))


def streamed(trainer, refresh_s: float, view: Callable[[Any], tuple], first: bool = True) -> Iterator[tuple]:
    """slices() as a streaming front end shows them: (trainer, *view(trainer), status)."""
    for trainer, status in slices(trainer, refresh_s, first):
        yield trainer, *view(trainer), status


def kept(trainer, ident, make: Callable[[], Any]):
    """The training so far while `ident` (its settings, an uploaded picture's digest) stays the same;
    else a fresh one from make()."""
    if trainer is not None and getattr(trainer, "ident", None) == ident:
        return trainer
    trainer = make()
    trainer.ident = ident
    return trainer
