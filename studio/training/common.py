"""What every training script shares: arguments, seeding, data, the epoch loop, resumable
checkpoints, and shipping the result to pretrained/.

A run keeps its state in .train/<run>/state.pt (ignored by git) after every epoch:
weights, optimiser state, the epoch reached and the training wall time so far. Rerunning
the same command resumes there; the wall time is summed across resumes into the
manifest's train_seconds. Shuffling and noise come from generators seeded by
(seed, epoch), so a resumed run sees the same batches an uninterrupted one would.
The state file holds only tensors, numbers, strings, lists and dicts, and is read with
weights_only=True: a planted file cannot run code.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from typing import Any, Callable

import torch
from torch import nn
from tqdm import tqdm

from studio import config, zoo
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
    p.add_argument("--limit", type=int, default=None,
                   help="use only the first N digits of each split (quick checks; never for shipped models)")
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
    images, labels = load_mnist(train=train, root=args.data_root)
    limit = getattr(args, "limit", None)
    return (images[:limit], labels[:limit]) if limit else (images, labels)


def with_limit(args: argparse.Namespace, settings: dict[str, Any]) -> dict[str, Any]:
    """A run on fewer digits is another run: it must never resume (or be resumed by) a full one."""
    return settings | {"limit": args.limit} if getattr(args, "limit", None) else settings


def batches(n: int, batch_size: int, seed: int, epoch: int):
    """Shuffled index batches, the same for a given (seed, epoch) whatever happened before."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed * 100_003 + epoch))
    for i in range(0, n, batch_size):
        yield order[i:i + batch_size]


def epoch_bar(args: argparse.Namespace, n: int, label: str, epoch: int, mininterval: float = 10,
              max_steps: int | None = None):
    """The epoch's batches (batches(), the first `max_steps` of them for a smoke test) behind a progress bar
    that a log file can hold: a line every `mininterval` seconds at most."""
    return tqdm(list(batches(n, args.batch_size, args.seed, epoch))[:max_steps],
                desc=f"{label} epoch {epoch}/{args.epochs}", mininterval=mininterval, file=sys.stdout)


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
            try:
                saved = torch.load(self.path, map_location="cpu", weights_only=True)
            except Exception as exc:  # refused pickle (it asked to run code), truncated, not torch
                sys.exit(f"{self.path} is damaged or is not a studio checkpoint, so it was not loaded "
                         f"({type(exc).__name__}). Rerun with --fresh to start over.")
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


def fit(run: Run, args: argparse.Namespace, label: str, n: int,
        step: Callable[[torch.Tensor, torch.Generator], dict[str, float]],
        evaluate: Callable[[], dict[str, Any]], state: dict[str, Any],
        end_epoch: Callable[[], None] | None = None,
        after_epoch: Callable[[int, dict[str, Any]], None] | None = None) -> None:
    """The epoch loop every training script runs, from the epoch after the run's last checkpoint.

    step(idx, noise) trains on one batch of indices and returns per-example mean losses (summed
    here, weighted by batch size, into the epoch's log). The global seed (dropout masks) and the
    `noise` generator depend on (seed, epoch) only, so an interrupted, resumed run computes what
    an uninterrupted one does. end_epoch runs inside the timed part (a scheduler step),
    evaluate() after it in eval mode, after_epoch(epoch, log) last (a snapshot, a monitor).
    `state` (modules, optimisers, schedulers) is checkpointed after every epoch; its modules are
    switched between train and eval mode.
    """
    modules = [o for o in state.values() if isinstance(o, nn.Module)]
    for epoch in range(run.epoch + 1, args.epochs + 1):
        torch.manual_seed(args.seed * 1000 + epoch)
        noise = epoch_generator(args.seed, epoch)
        for m in modules:
            m.train()
        sums: dict[str, float] = {}
        with Timer() as t:
            bar = epoch_bar(args, n, label, epoch, mininterval=5)
            for idx in bar:
                losses = step(idx, noise)
                for k, v in losses.items():
                    sums[k] = sums.get(k, 0.0) + v * len(idx)
                bar.set_postfix({k: f"{v:.3f}" for k, v in losses.items()}, refresh=False)
            if end_epoch is not None:
                end_epoch()
        for m in modules:
            m.eval()
        log = {k: round(v / n, 4) for k, v in sums.items()} | evaluate() | {"seconds": round(t.seconds, 1)}
        if after_epoch is not None:
            after_epoch(epoch, log)
        print(f"{label} epoch {epoch}: {log}", flush=True)
        run.checkpoint(epoch, t.seconds, log, **state)


def ship(name: str, tensors: dict[str, torch.Tensor], run: Run, args: argparse.Namespace, module: str,
         keys: list[str], describe: dict[str, Any], metrics: dict[str, Any], notes: str) -> dict[str, Any]:
    """Save the trained weights to pretrained/ with the manifest fields every model records
    (the command that reproduces it, seed, epochs, summed wall time, metrics), then the README."""
    from studio.training import readme

    record = zoo.save(name, tensors, {
        **describe, "command": command(module, args, keys + ["limit"]),
        "seed": args.seed, "epochs": args.epochs, "train_seconds": round(run.train_seconds, 1),
        "metrics": metrics, "notes": notes})
    readme.write()
    print(f"{name}: {metrics}, {record['train_seconds']} s")
    return record


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start

