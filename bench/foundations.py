"""Benchmark of the Foundations page: the painting network's speed and what 20 s of training buys
with and without Fourier features, MNIST's mean and std images, and a 100-photo upload.

(`bench/foundation.py` is another benchmark: the shared image loader and backbones.)
Last line printed: one JSON object. Targets on a 2-core CPU: `psnr_after_20s_fourier` at least
5 dB above `psnr_after_20s_plain`; `stats_ms_mnist_all` ≤ 300; `upload_100_photos_s` ≤ 5.
Run: `make bench`, or `STUDIO_DATA_ROOT=../shared/data .venv/bin/python bench/foundations.py`.
The PSNR figures are for the same wall time, so they depend on the machine's load.
"""

from __future__ import annotations

import io
import json
import time

from _timing import median_ms  # noqa: E402  (also puts the repository on sys.path)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

from studio import image_sets  # noqa: E402
from studio.device import configure_threads  # noqa: E402
from studio.demos.foundations import paint, stats  # noqa: E402
from studio.images import SAMPLES, load_sample  # noqa: E402

TRAIN_S = 20.0


def psnr_after(seconds: float, **changes) -> tuple[float, int]:
    """(PSNR, steps) after `seconds` of training with the default settings and these changes."""
    p = paint.painter(paint.PaintSettings(steps=20000, **changes))
    while p.seconds < seconds:
        p.train_for(min(1.0, seconds - p.seconds))
    return round(p.history["psnr"][-1], 2), p.step


def photos(n: int = 100) -> list[tuple[str, bytes]]:
    """n phone-sized JPEGs (2048×1536) made from the sample photos, as a class might upload them."""
    out = []
    for i in range(n):
        img = load_sample(list(SAMPLES)[i % len(SAMPLES)]).resize((2048, 1536), Image.BICUBIC)
        arr = np.asarray(img).copy()
        arr[i % 1536, :] = 255                         # every file different
        buf = io.BytesIO()
        Image.fromarray(arr).save(buf, "JPEG", quality=90)
        out.append((f"photo{i:03d}.jpg", buf.getvalue()))
    return out


def main() -> None:
    threads = configure_threads()
    result = {"threads": threads, "paint_threads": paint.THREADS}

    p = paint.painter(paint.PaintSettings())
    p.train(5)                                          # warm
    t = time.perf_counter()
    p.train(100)
    result["paint_steps_per_second"] = round(100 / (time.perf_counter() - t), 1)
    fourier = paint.painter(paint.PaintSettings(encoding="fourier"))
    fourier.train(5)
    t = time.perf_counter()
    fourier.train(100)
    result["paint_steps_per_second_fourier"] = round(100 / (time.perf_counter() - t), 1)
    result["paint_full_image_ms"] = median_ms(lambda: p.paint(), repeats=10)

    result["psnr_after_20s_plain"], result["steps_in_20s_plain"] = psnr_after(TRAIN_S)
    result["psnr_after_20s_fourier"], result["steps_in_20s_fourier"] = psnr_after(TRAIN_S, encoding="fourier")
    result["fourier_gain_db"] = round(result["psnr_after_20s_fourier"] - result["psnr_after_20s_plain"], 2)

    images, _ = stats.mnist_set("all")
    result["stats_ms_mnist_all"] = median_ms(lambda: stats.mean_std(images), repeats=10)
    result["stats_page_ms_mnist_all"] = median_ms(lambda: stats.compute(stats.StatsSettings()), repeats=5)

    upload = photos(100)
    result["upload_100_photos_mb"] = round(sum(len(d) for _, d in upload) / 1024 / 1024, 1)
    t = time.perf_counter()
    got = image_sets.load_set(upload, side=128)
    result["upload_100_photos_s"] = round(time.perf_counter() - t, 2)
    assert len(got) == 100
    t = time.perf_counter()
    stats.compute(stats.StatsSettings(source="yours"), upload)
    result["upload_100_photos_stats_page_s"] = round(time.perf_counter() - t, 2)
    torch.set_num_threads(threads)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
