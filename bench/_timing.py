"""What every benchmark shares: the repository on sys.path, the local data settings, and a median timer."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for folder in (REPO, REPO / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

# The local copies in ../shared (weights, MNIST, paintings), found and trusted exactly as the tests
# find them: offline, TORCH_HOME and STUDIO_DATA_ROOT set when ../shared is there.
import conftest  # noqa: E402,F401


def times_ms(fn, repeats: int, warmup: int) -> list[float]:
    """Wall times of fn() in milliseconds, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def median_ms(fn, repeats: int = 20, warmup: int = 3) -> float:
    return round(statistics.median(times_ms(fn, repeats, warmup)), 3)


def best_ms(fn, repeats: int = 4, warmup: int = 1) -> float:
    """The least disturbed run, for long steps on a machine that may be shared."""
    return round(min(times_ms(fn, repeats, warmup)), 1)
