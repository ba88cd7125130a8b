"""The style page's two trained networks, beside the optimisation of style.py (the course's three
approaches to style transfer):

* **fast** (Johnson et al. 2016, Dumoulin et al. 2017): one feed-forward network for the studio's
  four paintings, trained once with the page's own loss (studio/training/style.py). A picture costs
  one forward pass, so every slider answers at once: the painting blend, the style strength (the
  ratio of the style weight to the content weight), the colours kept and the size.
* **supervised**: the same architecture taught by example, an L1 pixel loss to Gatys results of
  the page for one painting at the default weights (studio/training/style_supervised.py). It knows
  one painting and one strength: it learnt pictures, not the loss.

A network knows only the paintings it was trained on. A picked painting is recognised by the
sha256 of its file (the pinned public-domain files of studio/paintings.py), wherever it comes
from: the fetched paintings, an instructor's gallery or an upload of the same file.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Sequence

import torch
from PIL import Image

from studio import config, images, paintings, zoo
from studio.caches import cached
from studio.errors import StudioError
from studio.frames import Frame

APPROACHES = ("gatys", "fast", "supervised")
LABELS = ("Optimise (Gatys)", "Fast network", "Supervised network")
MODELS = {"fast": "style-fast", "supervised": "style-supervised"}
PINNED = {p.sha256: Path(p.file).stem for p in paintings.PAINTINGS}   # sha256 -> painting name


def label(approach: str) -> str:
    return dict(zip(APPROACHES, LABELS))[approach]


def shipped(approach: str) -> bool:
    """Whether this network's weights are in pretrained/ (listed in its manifest)."""
    return approach in MODELS and bool(zoo.entries(name=MODELS[approach]))


def default_approach() -> str:
    """The fast network on a hosted studio (a class shares one lane); the optimisation elsewhere."""
    from studio import budget

    return "fast" if budget.hosted() and shipped("fast") else "gatys"


@cached(maxsize=4)
def _file_painting(path: str, size: int, mtime: float) -> str | None:
    return PINNED.get(hashlib.sha256(Path(path).read_bytes()).hexdigest())


def painting_name(key: str, upload: images.Upload | None = None) -> str | None:
    """Which of the studio's pinned paintings a pick is, by its file's sha256; None for any other."""
    if upload is not None:
        return PINNED.get(hashlib.sha256(upload.data).hexdigest())
    kind, _, name = key.partition(":")
    if kind == "painting":
        p = paintings.by_file(name)
        return Path(p.file).stem if p and p in paintings.present() else None   # fetched files are verified
    folder = config.gallery_dir()
    if kind == "gallery" and folder is not None and (folder / name).is_file() and "/" not in name:
        stat = (folder / name).stat()
        return _file_painting(str(folder / name), stat.st_size, stat.st_mtime)
    return None


def entry(approach: str) -> dict:
    if approach not in MODELS:
        raise StudioError(f"'{approach}' is not a trained network: choose {', '.join(LABELS[1:])}.")
    return zoo.entry(MODELS[approach])


def styles(approach: str) -> tuple[str, ...]:
    return tuple(entry(approach)["styles"])


@cached(maxsize=2)
def network(approach: str) -> torch.nn.Module:
    return zoo.load_model(MODELS[approach]).to(memory_format=torch.channels_last)


def strength(approach: str, content_weight: float, style_weight: float) -> tuple[float, str | None]:
    """The network's style-strength input: the page's style weight over its content weight (the
    loss's optimum depends only on their ratio), kept to the range the network was trained on."""
    lo, hi = entry(approach)["strength_range"]
    ratio = style_weight / content_weight
    if lo <= ratio <= hi:
        return ratio, None
    kept = min(max(ratio, lo), hi)
    if lo == hi:
        return kept, (f"The {label(approach).lower()} learnt one balance (style weight {lo:g} × content "
                      "weight): the weights do not change its picture. The fast network follows them.")
    return kept, (f"The {label(approach).lower()} was trained for style ÷ content weights from {lo:g} to "
                  f"{hi:g}; {ratio:.3g} is drawn as {kept:g}. Optimise (Gatys) takes any weights.")


def shares_of(approach: str, names: Sequence[str | None], mix: Sequence[float]) -> torch.Tensor:
    """(1, n_styles) blend weights for the picked paintings; a clear refusal for one it does not know."""
    known = styles(approach)
    unknown = [i for i, n in enumerate(names) if n not in known]
    if unknown:
        which = "second painting" if unknown == [1] else "painting"
        offered = ", ".join(p.title for p in paintings.PAINTINGS if Path(p.file).stem in known)
        raise StudioError(f"The {label(approach).lower()} only knows {offered}: the {which} picked is not one "
                          "it was trained on. Pick one of those, or choose Optimise (Gatys), which paints "
                          "any picture.")
    shares = torch.zeros(1, len(known))
    for name, share in zip(names, mix):
        shares[0, known.index(name)] += share
    return shares


def stylise(approach: str, photo: Image.Image, names: Sequence[str | None], mix: Sequence[float],
            content_weight: float, style_weight: float, size: int, keep_colours: bool) -> Frame:
    """One forward pass: the photo at `size` px (long side) painted by the network. The frame's
    metrics hold the time it took; its notes (strength kept in range) are in frame.caption."""
    from studio.demos.style import style

    net = network(approach)
    shares = shares_of(approach, names, mix)
    ratio, note = strength(approach, content_weight, style_weight)
    start = time.perf_counter()
    with torch.inference_mode():
        x = style.fit(images.to_tensor(photo), size).contiguous(memory_format=torch.channels_last)
        out = net(x, shares, torch.tensor([ratio]))
        if keep_colours:   # the photo's colours: only the brightness is painted
            out = style.from_ycbcr(torch.cat([style.to_ycbcr(out)[:, :1], style.to_ycbcr(x)[:, 1:]], 1))
        picture = images.to_pil(out.clamp(0, 1).contiguous())
    seconds = time.perf_counter() - start
    return Frame(picture, 1, 1, note or "", {"seconds": seconds, "strength": ratio})
