"""The studio's process-wide caches, each a named object its module owns, listed in one place.

A cache holds what is costly to make again (a network's weights, MNIST, the families table that
takes a minute to measure): `cached(maxsize)` replaces a hidden functools.lru_cache with a Cache
named after its function ("studio.demos.families.measure.table"), so a test, the training scripts
or an instructor can see what is held (`every()`) and reset one (`Cache.clear()`) or all (`clear_all()`).
"""

from __future__ import annotations

import functools
from typing import Any, Callable

_ALL: dict[str, "Cache"] = {}


class Cache:
    """A function's results, remembered for the process (the maxsize most recently used)."""

    def __init__(self, fn: Callable, maxsize: int | None):
        self.name = f"{fn.__module__}.{fn.__qualname__}"
        self._held = functools.lru_cache(maxsize=maxsize)(fn)
        self.__wrapped__ = fn
        functools.update_wrapper(self, fn)
        _ALL[self.name] = self

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._held(*args, **kwargs)

    def clear(self) -> None:
        self._held.cache_clear()

    cache_clear = clear   # the functools names, for code that asks or resets a cache by them

    def cache_info(self):
        return self._held.cache_info()

    def size(self) -> int:
        return self._held.cache_info().currsize

    def __repr__(self) -> str:
        return f"<cache {self.name}: {self.size()} held>"


def cached(maxsize: int | None = 1) -> Callable[[Callable], Cache]:
    """@cached(maxsize=4) over a function: its results are kept in a named Cache."""
    return lambda fn: Cache(fn, maxsize)


def every() -> dict[str, Cache]:
    """Every cache made so far (a module's caches exist once it has been imported)."""
    return dict(_ALL)


def clear_all() -> None:
    for cache in _ALL.values():
        cache.clear()
