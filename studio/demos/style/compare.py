"""The course's three approaches on one photo, side by side: (1) the supervised network, (2) the
optimisation of Gatys et al., (3) the fast network. Each picture with its time and its content and
style loss under one loss network (the page's backbone, layers and size: the optimisation's own
objective), and a sentence on where the cost went: per picture for (2), once in training for (1)
and (3).

Protocol: one photo and one painting; every picture at the page's output size; the networks at the
page's style ÷ content weights (their trained range), the optimisation with the page's settings;
colours always the painting's (what the networks were trained for); times on this computer, the
network's after one warm-up pass (its first pass also pays for loading).
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw

from studio import backbones, images, paintings, slides, zoo
from studio.demos.style import networks, style
from studio.demos.style.style import StyleSettings
from studio.errors import StudioError
from studio.frames import Frame

ORDER = ("supervised", "gatys", "fast")   # the course's numbering: 1, 2, 3
LABEL_PX = 18
TILE_MIN = 420   # px: a tile's line of numbers fits under it


def settings_for(settings: StyleSettings) -> StyleSettings:
    """The page's settings as the comparison uses them: the painting's colours, one painting."""
    return dataclasses.replace(settings, approach="gatys", colour="style")


def score(settings: StyleSettings, photo: Image.Image, painting: Image.Image, picture: Image.Image) -> dict:
    """Content and style loss of a picture under the page's objective (style.Objective) at its size."""
    plan = style.layer_plan(settings)
    extractor = backbones.load_backbone(settings.backbone).extractor(plan.layers)
    target = style.fit(images.to_tensor(photo), settings.size)
    art = style.fit(images.to_tensor(painting), round(settings.size * settings.style_scale))
    x = F.interpolate(images.to_tensor(picture), size=target.shape[-2:], mode="bilinear", align_corners=False)
    with torch.no_grad():
        terms = style.Objective(extractor, plan, target, [art], [1.0]).terms(x)
    return {"content": float(terms["content"]), "style": float(terms["style"])}


def _why_not(approach: str, name: str | None) -> str | None:
    if not networks.shipped(approach):
        return "not in pretrained/ here"
    if name not in networks.styles(approach):
        known = [p.title for p in paintings.PAINTINGS if p.file.rsplit(".", 1)[0] in networks.styles(approach)]
        return f"knows only {known[0]}" if len(known) == 1 else "does not know this painting"
    return None


def sheet(results: dict[str, dict], size: tuple[int, int]) -> Image.Image:
    """The three pictures in the course's order, each over a line: its name, time and losses."""
    w, h = size
    if w < TILE_MIN:   # room for the line under each picture
        w, h = TILE_MIN, round(h * TILE_MIN / w)
    font = slides.font(LABEL_PX)
    band = LABEL_PX * 2 + 12
    out = Image.new("RGB", (3 * w + 2 * 8, h + band), "white")
    draw = ImageDraw.Draw(out)
    for i, approach in enumerate(ORDER):
        x = i * (w + 8)
        r = results.get(approach, {})
        if r.get("image") is not None:
            out.paste(r["image"].resize((w, h)), (x, 0))
        else:
            draw.rectangle((x, 0, x + w - 1, h - 1), fill="#eeeeee")
        title = f"{i + 1}. {networks.label(approach)}"
        line = (f"{r['seconds']:.2f} s · content {r['content']:.2f} · style {r['style']:.3f}"
                if "style" in r else r.get("note", "") if r.get("image") is None else "")
        draw.text((x + 4, h + 4), title, fill="black", font=font)
        draw.text((x + 4, h + 6 + LABEL_PX), line, fill="#333333", font=font)
    return out


def compare(settings: StyleSettings, photo: Image.Image, painting: Image.Image, name: str | None) -> Iterator[Frame]:
    """The three pictures as one sheet: the networks' at once, then the optimisation's as it runs.
    `name`: which of the studio's paintings `painting` is (networks.painting_name), None for another."""
    s = settings_for(settings)
    results: dict[str, dict] = {}
    for approach in ("fast", "supervised"):
        note = _why_not(approach, name)
        if note:
            results[approach] = {"note": note}   # a short line under an empty tile
            continue
        def run():   # noqa: E306 (twice: the first pass pays for loading the network)
            return networks.stylise(approach, photo, [name], [1.0], s.content_weight, s.style_weight, s.size, False)
        run()
        frame = run()
        results[approach] = {"image": frame.image, "seconds": frame.metrics["seconds"],
                             **score(s, photo, painting, frame.image)}
    size = style.fit(images.to_tensor(photo), s.size).shape[-2:][::-1]
    total = 2
    yield Frame(sheet(results, size), 0, total, "The networks: one pass each", flat(results))
    last = None
    for last in style.run(s, photo, [painting]):
        if not last.done:
            results["gatys"] = {"image": last.image, "note": f"optimising: iteration {last.step} of {last.total}"}
            yield Frame(sheet(results, size), 1, total, last.caption, flat(results))
    if last is None:
        raise StudioError("The optimisation gave no picture.")
    results["gatys"] = {"image": last.image, "seconds": last.metrics["seconds"], **score(s, photo, painting, last.image)}
    yield Frame(sheet(results, size), total, total, where_the_cost_went(results), flat(results))


def flat(results: dict[str, dict]) -> dict[str, float]:
    """The numbers of each approach as frame metrics: '<approach>.<seconds|content|style>'."""
    return {f"{a}.{k}": float(v) for a, r in results.items() for k, v in r.items() if k in ("seconds", "content", "style")}


def table(metrics: dict[str, float]) -> str:
    """A markdown table of the three approaches' time and losses (what the sheet says, as text)."""
    rows = ["| approach | time | content loss | style loss |", "|---|---:|---:|---:|"]
    for i, a in enumerate(ORDER):
        if f"{a}.style" in metrics:
            rows.append(f"| {i + 1}. {networks.label(a)} | {metrics[f'{a}.seconds']:.2f} s | "
                        f"{metrics[f'{a}.content']:.3f} | {metrics[f'{a}.style']:.4f} |")
    return "\n".join(rows)


def where_the_cost_went(results: dict[str, dict]) -> str:
    """One sentence per approach: what this picture cost, and what was paid once, before."""
    parts = []
    if "seconds" in results.get("gatys", {}):
        parts.append(f"Optimise (Gatys) spent {results['gatys']['seconds']:.1f} s on this one picture, and will again "
                     "on the next.")
    for approach in ("fast", "supervised"):
        r = results.get(approach, {})
        if "seconds" not in r:
            continue
        e = zoo.entry(networks.MODELS[approach])
        once = e.get("train_seconds", 0) / 60
        pairs = e.get("pairs_seconds")
        before = (f"{once:.0f} min of training" +
                  (f" on {e.get('pairs')} pairs that took {pairs / 60:.0f} min of optimisation to make" if pairs else ""))
        parts.append(f"The {networks.label(approach).lower()} spent {r['seconds'] * 1000:.0f} ms here, after "
                     f"{before}, paid once for every photo.")
    return " ".join(parts)
