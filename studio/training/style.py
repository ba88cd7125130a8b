"""Train the fast style network (studio/demos/style/models.py) with the style page's own loss.

    python -m studio.training.style --steps 3000 --minutes 60 --seed 0 [--photos DIR] [--paintings F ...]

Every step: a batch of random crops (random scale, position and flip) of the training photos, each
with a random painting (a quarter of them a random blend of two) and a random style weight drawn
log-uniformly over [STRENGTH_MIN, STRENGTH_MAX]; the network stylises them and is scored by the
page's loss (style.relative_terms on the page's layer plan and backbone), per picture:

    loss_n = (content_weight * content_n + strength_n * style_n + tv_weight * tv_n) / (1 + strength_n)

The division only balances pictures of weak and strong style against each other in a batch (a weight
of 1000 would drown the rest); each picture's own optimum is unchanged.

Photos: --photos (default <data root>/photos, the 23 photographs of ../shared/data/photos here; an
instructor with more, COCO or a class's own, points it elsewhere). The studio's sample photos
(images.SAMPLES) are the held-out set every figure is measured on and are never trained on.
Resumable: a checkpoint (safetensors: weights, Adam's state, the data generator) in .train/style/
every --checkpoint-minutes; a resumed run draws the same batches as an uninterrupted one.
--ship writes the weights to pretrained/ with a manifest entry like every other model.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Callable

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

from studio import config, images
from studio.demos.style import models, style
from studio.demos.style.learn import PAINTING_SIDE, PageLoss, random_conditions, random_crops, training_photos

STATE = config.REPO_ROOT / ".train" / "style"


# --- checkpoints (safetensors only) -----------------------------------------------------------

def save_checkpoint(path: Path, net, optimiser, g: torch.Generator, step: int, seconds: float) -> None:
    tensors = {f"model.{k}": v.contiguous() for k, v in net.state_dict().items()}
    for index, state in optimiser.state_dict()["state"].items():
        for key, value in state.items():
            tensors[f"adam.{index}.{key}"] = torch.as_tensor(value).contiguous()
    tensors["data_generator"] = g.get_state()
    meta = {"step": str(step), "seconds": f"{seconds:.1f}",
            "param_groups": json.dumps(optimiser.state_dict()["param_groups"])}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    save_file(tensors, str(tmp), metadata=meta)
    os.replace(tmp, path)   # a run killed while saving leaves the previous checkpoint whole


def load_checkpoint(path: Path, net, optimiser, g: torch.Generator) -> tuple[int, float]:
    tensors = load_file(str(path))
    with safe_open(str(path), "pt") as f:
        meta = f.metadata()
    net.load_state_dict({k[6:]: v for k, v in tensors.items() if k.startswith("model.")})
    state: dict[int, dict] = {}
    for k, v in tensors.items():
        if k.startswith("adam."):
            _, index, key = k.split(".", 2)
            state.setdefault(int(index), {})[key] = v
    optimiser.load_state_dict({"state": state, "param_groups": json.loads(meta["param_groups"])})
    g.set_state(tensors["data_generator"])
    return int(meta["step"]), float(meta["seconds"])


# --- training ---------------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--photos", type=Path, default=None, help="folder of training photos (default <data root>/photos)")
    p.add_argument("--paintings", type=Path, nargs="+", default=None,
                   help="one file per painting, in the order of models.STYLES (default <data root>/styles/<name>.jpg)")
    p.add_argument("--crop", type=int, default=256)
    return run_options(p, steps=3000, minutes=60.0, state=STATE, state_help="checkpoint folder (resumed when present)")


def run_options(p: argparse.ArgumentParser, *, steps: int, minutes: float, state: Path, state_help: str,
                seed_help: str | None = None) -> argparse.ArgumentParser:
    """The options every style-network training shares (this script's and style_supervised's)."""
    p.add_argument("--steps", type=int, default=steps, help="optimiser steps (the learning-rate schedule uses it)")
    p.add_argument("--minutes", type=float, default=minutes, help="stop earlier once this much training time is spent")
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=0, help=seed_help)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--state", type=Path, default=state, help=state_help)
    p.add_argument("--checkpoint-minutes", type=float, default=3.0)
    p.add_argument("--ship", action="store_true", help="write the weights to pretrained/ with a manifest entry")
    return p


def set_learning_rate(optimiser: torch.optim.Optimizer, lr: float, step: int, steps: int) -> None:
    """Constant, then down to 1/10 over the last 30% of the steps (cosine)."""
    late = max(0.0, (step / steps - 0.7) / 0.3)
    for group in optimiser.param_groups:
        group["lr"] = lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * late)))


def train(args: argparse.Namespace) -> tuple[models.StyleNet, int, float]:
    torch.set_flush_denormal(True)   # per thread, before torch's workers start (see style.run)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)     # the network's first weights
    photos_dir = args.photos or config.data_root() / "photos"
    painting_files = args.paintings or [config.data_root() / "styles" / f"{s}.jpg" for s in models.STYLES]
    settings = style.StyleSettings(backbone="mobilenet_v2")      # the page's defaults: content 1, TV 10
    paintings = [style.fit(images.to_tensor(images.load_image(p, max_side=1024).image), PAINTING_SIDE)
                 for p in painting_files]
    loss_of = PageLoss(settings, paintings)
    photos = [images.to_tensor(images.load_image(p, max_side=1024).image) for p in training_photos(photos_dir)]

    net = models.StyleNet(len(paintings)).to(memory_format=torch.channels_last)
    optimiser = torch.optim.Adam(net.parameters(), lr=args.lr)
    g = torch.Generator().manual_seed(args.seed)
    last = {}

    def batch_loss() -> torch.Tensor:
        photo = random_crops(photos, args.batch, args.crop, g).contiguous(memory_format=torch.channels_last)
        shares, strength = random_conditions(args.batch, len(paintings), g)
        last["terms"] = loss_of.terms(net(photo, shares, strength), photo, shares)
        last["loss"] = ((settings.content_weight * last["terms"]["content"] + strength * last["terms"]["style"]
                         + settings.tv_weight * last["terms"]["tv"]) / (1 + strength)).mean()
        return last["loss"]

    def report() -> dict:
        terms = {k: round(float(v.mean()), 5) for k, v in last["terms"].items()}
        return {"loss": round(float(last["loss"]), 5), **terms}

    return run_steps(args, net, optimiser, g, batch_loss, report)


def run_steps(args: argparse.Namespace, net, optimiser, g: torch.Generator, batch_loss: Callable[[], torch.Tensor],
              report: Callable[[], dict]) -> tuple[models.StyleNet, int, float]:
    """The loop both style trainers run (this one and style_supervised): resumed from args.state's checkpoint
    (weights, optimiser, batch generator), one optimiser step on batch_loss() until --steps or --minutes, the
    learning-rate schedule, a line of figures (report()) every 25 steps, and a checkpoint every
    --checkpoint-minutes and at the end. The network, the steps done and the seconds spent, over all runs."""
    checkpoint = args.state / "checkpoint.safetensors"
    step, seconds = load_checkpoint(checkpoint, net, optimiser, g) if checkpoint.exists() else (0, 0.0)
    start, saved = time.perf_counter() - seconds, time.perf_counter()
    net.train()
    while step < args.steps and time.perf_counter() - start < args.minutes * 60:
        set_learning_rate(optimiser, args.lr, step, args.steps)
        loss = batch_loss()
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        step += 1
        if step % 25 == 0:
            print(json.dumps({"step": step, "seconds": round(time.perf_counter() - start, 1), **report()}), flush=True)
        if time.perf_counter() - saved > args.checkpoint_minutes * 60:
            save_checkpoint(checkpoint, net, optimiser, g, step, time.perf_counter() - start)
            saved = time.perf_counter()
    seconds = time.perf_counter() - start
    save_checkpoint(checkpoint, net, optimiser, g, step, seconds)
    return net.to(memory_format=torch.contiguous_format).eval(), step, seconds


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser().parse_args(argv)
    net, step, seconds = train(args)
    print(f"trained {step} steps in {seconds / 60:.1f} min; {models.size_mb(net):.2f} MB")
    if args.ship:
        from studio import zoo
        from studio.training import readme

        zoo.save("style-fast", net.state_dict(), {
            "kind": "style-net", "arch": "style-net", "config": {"n_styles": net.n_styles},
            "styles": list(models.STYLES), "strength_range": [models.STRENGTH_MIN, models.STRENGTH_MAX],
            "command": "python -m studio.training.style " + " ".join(argv), "seed": args.seed, "steps": step,
            "train_seconds": round(seconds, 1), "metrics": {}, "notes": "See studio/training/style.py."})
        readme.write()


if __name__ == "__main__":
    main()
