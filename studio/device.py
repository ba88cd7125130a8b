"""Pick where tensors live: cuda > mps > cpu, with a STUDIO_DEVICE override."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import torch

from studio.errors import StudioError


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def pick_device(preference: str | None = None) -> torch.device:
    """The device to compute on. `preference` (or STUDIO_DEVICE) wins when it is usable."""
    wanted = (preference or os.environ.get("STUDIO_DEVICE", "")).strip().lower()
    if wanted and wanted != "auto":
        if wanted.startswith("cuda") and not torch.cuda.is_available():
            raise StudioError(f"STUDIO_DEVICE asks for '{wanted}', but no CUDA GPU is available here.")
        if wanted == "mps" and not _mps_available():
            raise StudioError("STUDIO_DEVICE asks for 'mps', but Apple's Metal backend is not available here.")
        try:
            return torch.device(wanted)
        except RuntimeError as exc:
            raise StudioError(f"STUDIO_DEVICE='{wanted}' is not a device name (try cpu, cuda or mps).") from exc
    if torch.cuda.is_available():
        return torch.device("cuda")
    if _mps_available():
        return torch.device("mps")
    return torch.device("cpu")


def usable_cores() -> int:
    """Cores this process may run on. sched_getaffinity is Linux-only (a workshop Mac or Windows
    laptop has none); Python 3.13's process_cpu_count answers the same question everywhere."""
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def configure_threads(threads: int | None = None) -> int:
    """CPU threads for torch: STUDIO_THREADS, else every core the process may use."""
    if threads is None:
        env = os.environ.get("STUDIO_THREADS", "").strip()
        threads = int(env) if env.isdigit() and int(env) > 0 else usable_cores()
    torch.set_num_threads(max(1, threads))
    return torch.get_num_threads()


@contextlib.contextmanager
def cpu_threads(n: int):
    """Temporarily limit torch's CPU threads: tiny networks run fastest on one thread, and
    on a busy 2-core machine several threads per small matmul thrash (measured 10x slower)."""
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@dataclass(frozen=True)
class DeviceInfo:
    device: torch.device
    name: str
    threads: int

    @property
    def is_gpu(self) -> bool:
        return self.device.type in {"cuda", "mps"}

    def describe(self) -> str:
        if self.device.type == "cpu":
            return f"CPU ({self.threads} threads)"
        return f"{self.name} ({self.device})"


def device_info(preference: str | None = None) -> DeviceInfo:
    device = pick_device(preference)
    if device.type == "cuda":
        name = torch.cuda.get_device_name(device)
    elif device.type == "mps":
        name = "Apple GPU (Metal)"
    else:
        name = "CPU"
    return DeviceInfo(device=device, name=name, threads=torch.get_num_threads())
