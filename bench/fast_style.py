"""Benchmark of the style page's trained networks (issue 19) against its optimisation.

Last line printed: one JSON object. Run with `make bench` (TORCH_HOME=../shared/torch here);
STUDIO_THREADS sets torch's threads (default: every core). The paintings come from the data root
(STUDIO_DATA_ROOT/styles, ../shared/data/styles here).

- fast_ms_512, fast_ms_1024: one pass of the fast network on chelsea at 512 / 1024 px (long side),
  Starry Night, the page's default strength; median of 7 warm passes.
- gatys_default_seconds: the page's default optimisation (StyleSettings(): its backbone, 384 px,
  3 scales of 40 L-BFGS iterations) on the same photo, same run.
- heldout_style_ratio, heldout_content_ratio: the fast network's style and content loss over the
  optimisation's, each the mean over the 8 held-out photos (the studio's sample photos: never
  trained on), Starry Night, the page's default weights and size, every picture scored by the
  optimisation's own objective (compare.score); supervised_style_ratio, supervised_content_ratio:
  the same for the supervised network.
- strength_monotonic: on how many of the 8 photos the fast network's style loss falls at every one
  of 5 rising style weights (1, 10³ᐟ⁴ … 10³, content weight 1); strength_monotonic_all: all 8.
- train_minutes, size_mb: from the networks' manifest entries and files.
"""

from __future__ import annotations

import json
import statistics
import time

import _timing  # noqa: F401  (puts the repository on sys.path)

from studio import config, images, zoo
from studio.demos.style import compare, networks, style
from studio.demos.style.style import StyleSettings
from studio.device import configure_threads

PAINTING = "starry_night"
HELD_OUT = tuple(images.sample_names())   # the 8 sample photos: the held-out set
STRENGTHS = (1.0, 10 ** 0.75, 10 ** 1.5, 10 ** 2.25, 1e3)


def pass_ms(photo, size: int, repeats: int = 7) -> float:
    s = StyleSettings(approach="fast", size=size)
    times = []
    for _ in range(repeats + 1):   # the first pass warms up
        start = time.perf_counter()
        networks.stylise("fast", photo, [PAINTING], [1.0], s.content_weight, s.style_weight, size, False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[1:])


def optimised(settings: StyleSettings, photo, painting):
    last = None
    for last in style.run(settings, photo, [painting]):
        pass
    return last


def main() -> None:
    configure_threads()
    painting = images.load_image(config.data_root() / "styles" / f"{PAINTING}.jpg", max_side=1024).image
    page = StyleSettings(approach="gatys")   # the page's defaults
    chelsea = images.load_sample("chelsea")
    out = {"fast_ms_512": round(pass_ms(chelsea, 512), 1), "fast_ms_1024": round(pass_ms(chelsea, 1024), 1),
           "backbone": page.backbone, "size": page.size}
    start = time.perf_counter()
    optimised(page, chelsea, painting)
    out["gatys_default_seconds"] = round(time.perf_counter() - start, 2)

    rows, monotonic = {a: {"content": [], "style": []} for a in ("gatys", "fast", "supervised")}, 0
    for name in HELD_OUT:
        photo = images.load_sample(name)
        pictures = {"gatys": optimised(page, photo, painting).image}
        for approach in ("fast", "supervised"):
            pictures[approach] = networks.stylise(approach, photo, [PAINTING], [1.0], page.content_weight,
                                                  page.style_weight, page.size, False).image
        scores = {a: compare.score(page, photo, painting, p) for a, p in pictures.items()}
        for a, sc in scores.items():
            rows[a]["content"].append(sc["content"])
            rows[a]["style"].append(sc["style"])
        ladder = [compare.score(page, photo, painting, networks.stylise(
            "fast", photo, [PAINTING], [1.0], 1.0, w, page.size, False).image)["style"] for w in STRENGTHS]
        monotonic += all(b < a for a, b in zip(ladder, ladder[1:]))
        print(name, json.dumps({a: {k: round(v, 4) for k, v in sc.items()} for a, sc in scores.items()}),
              "strength ladder", [round(x, 4) for x in ladder], flush=True)
    mean = {a: {k: statistics.mean(v) for k, v in r.items()} for a, r in rows.items()}
    for a, prefix in (("fast", "heldout"), ("supervised", "supervised")):
        out[f"{prefix}_style_ratio"] = round(mean[a]["style"] / mean["gatys"]["style"], 3)
        out[f"{prefix}_content_ratio"] = round(mean[a]["content"] / mean["gatys"]["content"], 3)
    out |= {"gatys_style_mean": round(mean["gatys"]["style"], 4), "fast_style_mean": round(mean["fast"]["style"], 4),
            "supervised_style_mean": round(mean["supervised"]["style"], 4),
            "strength_monotonic": monotonic, "strength_monotonic_all": monotonic == len(HELD_OUT)}
    for approach in ("fast", "supervised"):
        entry = zoo.entry(networks.MODELS[approach])
        out[f"{approach}_train_minutes"] = round(entry.get("train_seconds", 0) / 60, 1)
        out[f"{approach}_size_mb"] = round((config.pretrained_dir() / entry["file"]).stat().st_size / 1e6, 3)
    out["train_minutes"], out["size_mb"] = out["fast_train_minutes"], out["fast_size_mb"]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
