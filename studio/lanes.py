"""Where heavy work runs on a hosted studio: its own threads, at a lower priority than the web server.

On a shared 2-core Space a dream or a style optimisation would otherwise compete as an equal with
the web server (pages, the queue's messages) and the light lane (MNIST models a class clicks), and a
student waiting for a sample waits for the dream. Here every heavy event's work (each step of its
generator) runs in a thread of one small pool, `HEAVY_POOL`, whose threads are started once at a
niceness HEAVY_NICE above the process's (Linux: a thread's niceness is its own, and the threads it
starts, torch's OpenMP workers among them, inherit it) and with torch's thread count of the studio
(STUDIO_THREADS, else one core fewer than the machine, see studio.ui.common.start_up). The scheduler
then gives the web server and the light lane the CPU whenever they want it, and the heavy job
everything they leave, so it loses little time overall.

Only on a hosted studio (studio.budget.hosted): a laptop runs its one person's dream at full speed
in Gradio's own worker threads, as before. The heavy lane's other bounds (one lane, the work budget,
the time limit, the busy queue) are unchanged: this module only decides on which thread a step runs.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import torch

CONCURRENCY = int(os.environ.get("STUDIO_CONCURRENCY", "1"))   # heavy jobs at once (the heavy lane's size)
# How much lower heavy work runs (STUDIO_HEAVY_NICE; 0: in Gradio's threads, as on a laptop). 10: CFS
# weight 110 against the server's 1024, about a tenth of a core when both want it.
_NICE = os.environ.get("STUDIO_HEAVY_NICE", "").strip()
HEAVY_NICE = min(19, int(_NICE)) if _NICE.isdigit() else 10
_DONE = object()


def lower_priority(step: int = HEAVY_NICE) -> int | None:
    """Raise the calling thread's niceness by `step` (at most 19); its new niceness, or None where a
    thread has no niceness of its own (not Linux: there setpriority would lower the whole process)."""
    if not sys.platform.startswith("linux"):
        return None
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + step))
        return os.getpriority(os.PRIO_PROCESS, tid)
    except OSError:   # a sandbox that forbids it: heavy work then runs at the server's priority
        return None


class HeavyPool:
    """The threads heavy steps run on (owned by this module as HEAVY_POOL; started at first use)."""

    def __init__(self, workers: int = 1, threads: int | None = None):
        self.workers = workers
        self.threads = threads   # torch threads of each (None: the count at the pool's start)
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _start_thread(self, threads: int) -> None:
        lower_priority()
        torch.set_num_threads(threads)   # this thread's share: OpenMP's count is per calling thread

    def executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                threads = self.threads or torch.get_num_threads()
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="studio-heavy",
                                                initializer=self._start_thread, initargs=(threads,))
            return self._pool

    def run(self, fn: Callable) -> Callable:
        """fn (a handler: a generator function or a plain one) with its work done on these threads.
        The caller's thread only waits. Each step runs in a copy of the caller's context, so Gradio's
        notices (gr.Info, gr.Warning) still reach the event that asked. Closing the generator (Stop, or
        its end) closes fn's generator at once: it is not running then, as only a step runs in the pool."""
        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def stream(*args, **kwargs):
                pool = self.executor()
                frames = fn(*args, **kwargs)   # nothing runs until the first next()
                try:
                    while (item := pool.submit(contextvars.copy_context().run, next, frames, _DONE).result()) \
                            is not _DONE:
                        yield item
                finally:
                    frames.close()
            return stream

        @functools.wraps(fn)
        def once(*args, **kwargs):
            return self.executor().submit(contextvars.copy_context().run, fn, *args, **kwargs).result()
        return once


HEAVY_POOL = HeavyPool(workers=CONCURRENCY)
