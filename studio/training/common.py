"""What every training script shares: arguments, seeding, data, resumable checkpoints.

A run keeps its state in .train/<run>/state.pt (ignored by git) after every epoch:
weights, optimiser state, the epoch reached and the training wall time so far. Rerunning
the same command resumes there; the wall time is summed across resumes into the
manifest's train_seconds. Shuffling and noise come from generators seeded by
(seed, epoch), so a resumed run sees the same batches an uninterrupted one would.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from typing import Any

import torch

from studio import config
from studio.device import configure_threads, pick_device
from studio.mnist import load_mnist

STATE_DIR = config.REPO_ROOT / ".train"


def parser(description: str, epochs: int, seed: int = 0) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--seed", type=int, default=seed)
    p.add_argument("--epochs", type=int, default=epochs, help="total epochs (a resumed run continues to this)")
    p.add_argument("--device", default="cpu", help="cpu | cuda | mps | auto")
    p.add_argument("--data-root", default=None, help="MNIST root in torchvision layout (default: STUDIO_DATA_ROOT)")
    p.add_argument("--threads", type=int, default=None, help="CPU threads (default: STUDIO_THREADS or all cores)")
    p.add_argument("--fresh", action="store_true", help="ignore a saved checkpoint and start over")
    p.add_argument("--batch-size", type=int, default=128)
    return p


def setup(args: argparse.Namespace) -> torch.device:
    configure_threads(args.threads)
    torch.manual_seed(args.seed)
    return pick_device(args.device)


def command(module: str, args: argparse.Namespace, keys: list[str]) -> str:
    """The exact command line that reproduces this run (recorded in the manifest)."""
    parts = ["python", "-m", module]
    for key in keys:
        value = getattr(args, key)
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        parts += [flag] if value is True else [flag, str(value)]
    return " ".join(shlex.quote(p) for p in parts)


def mnist(args: argparse.Namespace, train: bool) -> tuple[torch.Tensor, torch.Tensor]:
    return load_mnist(train=train, root=args.data_root)


def batches(n: int, batch_size: int, seed: int, epoch: int):
    """Shuffled index batches, the same for a given (seed, epoch) whatever happened before."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed * 100_003 + epoch))
    for i in range(0, n, batch_size):
        yield order[i:i + batch_size]


def epoch_generator(seed: int, epoch: int, salt: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed * 1_000_003 + epoch * 7919 + salt)


class Run:
    """A resumable training run: .train/<name>/state.pt plus the settings it was started with."""

    def __init__(self, name: str, settings: dict[str, Any], fresh: bool = False):
        self.dir = STATE_DIR / name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / "state.pt"
        self.settings = settings
        self.epoch = 0
        self.train_seconds = 0.0
        self.state: dict[str, Any] = {}
        self.log: list[dict[str, Any]] = []
        if fresh:  # stale snapshots of an earlier run must not be published with this one
            for old in self.dir.glob("*.pt"):
                old.unlink()
        if self.path.exists() and not fresh:
            saved = torch.load(self.path, map_location="cpu", weights_only=False)
            if saved["settings"] != settings:
                sys.exit(f"{self.path} was made with other settings:\n  {saved['settings']}\nvs\n  {settings}\n"
                         "Rerun with --fresh to start over.")
            self.epoch, self.train_seconds = saved["epoch"], saved["train_seconds"]
            self.state, self.log = saved["state"], saved.get("log", [])
            print(f"resuming {name} after epoch {self.epoch} ({self.train_seconds:.0f} s trained so far)")

    def restore(self, **objects) -> None:
        """Load saved state_dicts into models/optimisers given by keyword."""
        for key, obj in objects.items():
            if key in self.state:
                obj.load_state_dict(self.state[key])

    def checkpoint(self, epoch: int, seconds: float, log: dict[str, Any] | None = None, **objects) -> None:
        self.epoch = epoch
        self.train_seconds += seconds
        if log:
            self.log.append({"epoch": epoch, **log})
        self.state = {k: o.state_dict() for k, o in objects.items()}
        tmp = self.path.with_suffix(".tmp")
        torch.save({"settings": self.settings, "epoch": epoch, "train_seconds": self.train_seconds,
                    "state": self.state, "log": self.log}, tmp)
        tmp.replace(self.path)


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start

