"""Train the style network by example: an L1 pixel loss to the style page's own Gatys pictures.

    python -m studio.training.style_supervised --pairs 100 --steps 2500 --minutes 15 --seed 0 --threads 2 [--ship]

The first of the course's three approaches to style transfer, the one that needs a teacher's answers:
the same network as the fast one (studio/demos/style/models.py, here for one painting), shown pairs
(photo, its stylised version) and taught to give the second for the first. The fast network
(studio/training/style.py) needs no pairs at all, its teacher is the page's loss; this one learns
pictures, not the loss, so it knows one painting at one strength, and as well as its few pairs allow.

1. Pairs. Pair i draws from its own random.Random(seed * 100_003 + i): a training photo, a square crop
   (its side 25..100% of the photo's short side, at a random place, flipped half the time) resized to
   --size px, which the page's optimisation (style.run: MobileNetV2, output --size px, the page's
   defaults otherwise, style weight 10) paints like --painting. They are cached as PNGs in
   <state>/pairs/NNNN_photo.png and NNNN_gatys.png (written last: it marks a finished pair), with a
   line of pairs.log each (seconds, final losses). A killed run skips the finished pairs and makes the
   rest exactly as an uninterrupted run would. 5 to 20 s a pair at 256 px on a quiet 2-core laptop.
2. Training. Batches of pairs (random windows of 75..100% of the side, random flips), the strength
   input fixed at the page's default balance (style weight / content weight = 10), Adam, L1 to the
   Gatys picture. Resumable like studio/training/style.py (a safetensors checkpoint in <state>/: the
   weights, Adam's state, the data generator); a resumed run draws the same batches.
3. --ship writes pretrained/style-supervised.safetensors with a manifest entry (the pairs, how they
   were made, the steps, the L1 reached) and regenerates pretrained/README.md.

Photos: --photos (default <data root>/photos); the studio's sample photos (images.SAMPLES) are the
held-out set and are refused. --pairs-only makes the pairs and stops.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from PIL import Image

from studio import config, images
from studio.demos.style import models, style
from studio.training.style import run_options, run_steps, training_photos

STATE = config.REPO_ROOT / ".train" / "style_supervised"
NAME = "style-supervised"
SIZE = 256                # the pairs' side, px
PHOTO_MAX_SIDE = 1024     # photos are opened at most this large (the shared ones are 1024 px wide)
MIN_WINDOW = 0.75         # training windows cover 75..100% of a pair's side


# --- pairs ------------------------------------------------------------------------------------

def teacher_settings(size: int = SIZE) -> style.StyleSettings:
    """What made the pairs: the page's optimisation with its defaults, MobileNetV2, at `size` px."""
    return style.StyleSettings.from_values({"approach": "gatys", "backbone": "mobilenet_v2", "size": size})


def teacher_recipe(settings: style.StyleSettings) -> dict:
    """The teacher's settings that shape its pictures (not the page's choice of approach)."""
    return {k: v for k, v in settings.to_dict().items() if k != "approach"}


def strength_of(settings: style.StyleSettings) -> float:
    """The network's strength input for the teacher's pictures: style weight over content weight."""
    return settings.style_weight / settings.content_weight


def random_crop(photo: Image.Image, rng: random.Random, size: int) -> tuple[Image.Image, dict]:
    """A square crop (side 25..100% of the short side, at a random place), resized to size x size
    (LANCZOS) and flipped half the time; with where it came from."""
    w, h = photo.size
    side = round(min(w, h) * rng.uniform(0.25, 1.0))
    x, y = rng.randint(0, w - side), rng.randint(0, h - side)
    crop = photo.crop((x, y, x + side, y + side)).resize((size, size), Image.LANCZOS)
    flip = rng.random() < 0.5
    return (crop.transpose(Image.FLIP_LEFT_RIGHT) if flip else crop), {"box": [x, y, side], "flip": flip}


def pair_files(folder: Path, i: int) -> tuple[Path, Path]:
    return folder / f"{i:04d}_photo.png", folder / f"{i:04d}_gatys.png"


def _check_recipe(folder: Path, recipe: dict) -> None:
    """Pairs of one recipe per folder: a run with other photos, painting, seed or size is refused."""
    path = folder / "recipe.json"
    if path.exists():
        old = json.loads(path.read_text())
        # a setting the page gains later (with its default) does not make the pairs stale
        shared = old.get("teacher", {}).keys() & recipe["teacher"].keys()
        changed = [k for k in recipe if k != "teacher" and old.get(k) != recipe[k]]
        changed += [f"teacher {k}" for k in sorted(shared) if old["teacher"][k] != recipe["teacher"][k]]
        if changed:
            raise SystemExit(f"{folder} holds pairs made with other settings ({', '.join(changed)}); "
                             "use another --state or remove the folder.")
    else:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(recipe, indent=1) + "\n")


def make_pairs(photos_dir: Path, painting: Path, count: int, seed: int, folder: Path,
               size: int = SIZE) -> list[int]:
    """Make the pairs 0..count-1 that are not in `folder` yet; returns the ones made."""
    paths = training_photos(photos_dir)
    settings = teacher_settings(size)
    _check_recipe(folder, {"photos": [p.name for p in paths], "painting": painting.name,
                           "painting_sha256": hashlib.sha256(painting.read_bytes()).hexdigest(),
                           "seed": seed, "size": settings.size, "teacher": teacher_recipe(settings)})
    todo = [i for i in range(count) if not pair_files(folder, i)[1].exists()]
    if not todo:
        return []
    art = images.load_image(painting, max_side=PHOTO_MAX_SIDE).image
    opened: dict[Path, Image.Image] = {}
    for i in todo:
        rng = random.Random(seed * 100_003 + i)
        path = paths[rng.randrange(len(paths))]
        if path not in opened:
            opened[path] = images.load_image(path, max_side=PHOTO_MAX_SIDE).image
        crop, where = random_crop(opened[path], rng, settings.size)
        start, last = time.perf_counter(), None
        for last in style.run(settings, crop, [art]):
            pass
        seconds = time.perf_counter() - start
        photo_file, gatys_file = pair_files(folder, i)
        crop.save(photo_file)
        tmp = gatys_file.with_suffix(".tmp")
        last.image.save(tmp, format="PNG")
        tmp.replace(gatys_file)   # written last, whole: its presence marks a finished pair
        line = {"pair": i, "photo": path.name, **where, "seconds": round(seconds, 2),
                **{k: round(last.metrics[k], 5) for k in ("content", "style", "tv", "total")}}
        with open(folder / "pairs.log", "a") as log:
            log.write(json.dumps(line) + "\n")
        print(json.dumps(line), flush=True)
    return todo


def load_pairs(folder: Path, count: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The photos and Gatys pictures of pairs 0..count-1, (count, 3, S, S) each."""
    missing = [i for i in range(count) if not pair_files(folder, i)[1].exists()]
    if missing:
        raise SystemExit(f"{len(missing)} of {count} pairs are missing in {folder} (first: {missing[0]}).")
    def read(path: Path) -> torch.Tensor:
        with Image.open(path) as picture:
            return images.to_tensor(picture.convert("RGB"))

    tensors = [[read(path) for path in pair_files(folder, i)] for i in range(count)]
    return torch.cat([p for p, _ in tensors]), torch.cat([t for _, t in tensors])


def random_batch(photos: torch.Tensor, targets: torch.Tensor, n: int, g: torch.Generator):
    """n pairs at random, the same random window of each side (one window size per batch, 75..100% of
    the side in steps of 4 px), each flipped half the time."""
    size = photos.shape[-1]
    side = 4 * int(torch.randint(math.ceil(MIN_WINDOW * size / 4), size // 4 + 1, (1,), generator=g))
    xs, ys = [], []
    for index in torch.randint(len(photos), (n,), generator=g).tolist():
        y = int(torch.randint(size - side + 1, (1,), generator=g))
        x = int(torch.randint(size - side + 1, (1,), generator=g))
        flip = float(torch.rand((), generator=g)) < 0.5
        for out, source in ((xs, photos), (ys, targets)):
            window = source[index:index + 1, :, y:y + side, x:x + side]
            out.append(window.flip(-1) if flip else window)
    return torch.cat(xs), torch.cat(ys)


def pairs_l1(net: models.StyleNet, photos: torch.Tensor, targets: torch.Tensor, strength: float) -> float:
    """Mean L1 between the network's pictures and the Gatys pictures over all pairs, whole and unflipped."""
    net.eval()
    total = 0.0
    with torch.inference_mode():
        for i in range(0, len(photos), 8):
            x = photos[i:i + 8].contiguous(memory_format=torch.channels_last)
            out = net(x, torch.ones(len(x), 1), torch.full((len(x),), strength))
            total += float((out - targets[i:i + 8]).abs().mean()) * len(x)
    return total / len(photos)


# --- training ---------------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--photos", type=Path, default=None, help="folder of training photos (default <data root>/photos)")
    p.add_argument("--painting", type=Path, default=None,
                   help="the painting (default <data root>/styles/starry_night.jpg)")
    p.add_argument("--pairs", type=int, default=100, help="how many (photo, Gatys picture) pairs to make and train on")
    p.add_argument("--size", type=int, default=SIZE, help="the pairs' side in px (the page's size control: 64..1024, "
                                                          "steps of 32)")
    p.add_argument("--pairs-only", action="store_true", help="make the pairs and stop")
    return run_options(p, steps=2500, minutes=15.0, state=STATE,
                       state_help="pairs and checkpoint folder (resumed when present)",
                       seed_help="draws the pairs, the first weights and the batches")


def train(args: argparse.Namespace) -> tuple[models.StyleNet, int, float]:
    """Train on the finished pairs 0..args.pairs-1 in args.state/pairs."""
    torch.set_flush_denormal(True)   # per thread, before torch's workers start (see style.run)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)     # the network's first weights
    photos, targets = load_pairs(args.state / "pairs", args.pairs)
    strength = strength_of(teacher_settings(photos.shape[-1]))
    net = models.StyleNet(n_styles=1).to(memory_format=torch.channels_last)
    optimiser = torch.optim.Adam(net.parameters(), lr=args.lr)
    g = torch.Generator().manual_seed(args.seed)
    one, strengths = torch.ones(args.batch, 1), torch.full((args.batch,), strength)
    losses = []   # since the last line of figures

    def batch_loss() -> torch.Tensor:
        x, y = random_batch(photos, targets, args.batch, g)
        loss = F.l1_loss(net(x.contiguous(memory_format=torch.channels_last), one, strengths), y)
        losses.append(float(loss.detach()))
        return loss

    def report() -> dict:
        mean = sum(losses) / len(losses)
        losses.clear()
        return {"l1": round(mean, 5), "lr": round(optimiser.param_groups[0]["lr"], 6)}

    return run_steps(args, net, optimiser, g, batch_loss, report)


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser().parse_args(argv)
    photos_dir = args.photos or config.data_root() / "photos"
    painting = args.painting or config.data_root() / "styles" / "starry_night.jpg"
    torch.set_flush_denormal(True)
    torch.set_num_threads(args.threads)
    made = make_pairs(photos_dir, painting, args.pairs, args.seed, args.state / "pairs", args.size)
    print(f"{len(made)} pairs made, {args.pairs} ready in {args.state / 'pairs'}")
    if args.pairs_only:
        return
    net, step, seconds = train(args)
    photos, targets = load_pairs(args.state / "pairs", args.pairs)
    settings = teacher_settings(photos.shape[-1])
    strength = strength_of(settings)
    metrics = {"pairs_l1": round(pairs_l1(net, photos, targets, strength), 5),
               "photo_l1": round(float((photos - targets).abs().mean()), 5)}
    print(f"trained {step} steps in {seconds / 60:.1f} min; L1 to the Gatys pictures {metrics['pairs_l1']} "
          f"(the photos themselves: {metrics['photo_l1']})")
    if args.ship:
        from studio import zoo
        from studio.training import readme

        log = [json.loads(line) for line in (args.state / "pairs" / "pairs.log").read_text().splitlines() if line]
        made_seconds = {e["pair"]: e["seconds"] for e in log}   # the last line of a pair made twice
        zoo.save(NAME, net.state_dict(), {
            "kind": "style-net", "arch": "style-net", "config": {"n_styles": 1},
            "styles": [painting.stem], "strength_range": [strength, strength],
            "command": "python -m studio.training.style_supervised " + " ".join(argv), "seed": args.seed,
            "steps": step, "epochs": round(step * args.batch / args.pairs, 1), "train_seconds": round(seconds, 1),
            "pairs": args.pairs, "pair_size": settings.size,
            "pairs_seconds": round(sum(made_seconds.get(i, 0.0) for i in range(args.pairs)), 1),
            "teacher": settings.caption(skip=("approach", "blend")), "metrics": metrics,
            "notes": "Supervised: L1 to the page's Gatys pictures of its pairs (epochs: passes over them); "
                     "one painting, one strength. See studio/training/style_supervised.py."})
        readme.write()


if __name__ == "__main__":
    main()
