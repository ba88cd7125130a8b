"""Benchmark of the model-families page (CPU, the threads torch is given).

Last line printed: one JSON object with
- pixelcnn_samples16_seconds: 16 PixelCNN samples with the row cache (target <= 20 s);
- pixelcnn_naive_row_seconds / pixelcnn_cache_speedup: the textbook sampler (one full network pass
  per pixel) timed on the first 2 rows of the same 16 samples, scaled to 28 rows, against the cache;
- frechet_by_family: Fréchet distance to the test set in the classifier's features (10,000 samples;
  the PixelCNN's on 512, from the manifest where its training script measured it);
- nll_nats_pixelcnn: exact NLL per binarised test digit, measured here on all 10,000;
- vaegan_recon_sharpness_vs_vae: mean gradient magnitude of VAE-GAN reconstructions over the VAE's
  (1,000 test digits; > 1 means sharper);
- table_first_seconds / table_ms_cached: the measured table, first computation and cached.
"""

from __future__ import annotations

import json
import time

from _timing import median_ms  # noqa: E402  (also puts the repository on sys.path)

import torch  # noqa: E402

from studio.demos.families import measure as fam  # noqa: E402
from studio.demos.families import pixelcnn  # noqa: E402
from studio.device import configure_threads  # noqa: E402


def naive_seconds(model, n: int = 16, rows: int = 2) -> float:
    """The uncached sampler on the first `rows` rows, scaled to the whole image (every pixel costs the same
    full pass, so the scaling is exact up to noise)."""
    start = time.perf_counter()
    it = pixelcnn.sample_rows(model, n, seed=0, naive=True)
    for _ in range(rows):
        next(it)
    return (time.perf_counter() - start) * 28 / rows


def main() -> None:
    threads = configure_threads()
    model = fam.load("pixelcnn")
    with torch.inference_mode():
        start = time.perf_counter()
        pixelcnn.sample(model, 16, seed=0)
        cached = time.perf_counter() - start
        naive = naive_seconds(model)
    start = time.perf_counter()
    rows = fam.table()
    table_first = time.perf_counter() - start
    result = {
        "threads": threads,
        "pixelcnn_samples16_seconds": round(cached, 2),
        "pixelcnn_naive_samples16_seconds_est": round(naive, 1),
        "pixelcnn_cache_speedup": round(naive / cached, 1),
        "frechet_by_family": {r["family"]: r["frechet"] for r in rows},
        "frechet_samples": {r["family"]: r["samples"] for r in rows},
        "seconds_per_64_by_family": {r["family"]: r["seconds_per_64"] for r in rows},
        "nll_nats_by_family": {r["family"]: r["nll_nats"] for r in rows},
        "nll_nats_pixelcnn": fam.binarised_likelihoods(pixelcnn_live=True)["pixelcnn"],
        "vaegan_recon_sharpness_vs_vae": round(fam.recon_sharpness("vaegan") / fam.recon_sharpness("vae"), 3),
        "table_first_seconds": round(table_first, 1),
        "table_ms_cached": median_ms(fam.table_markdown, repeats=20, warmup=1),  # what a page rerun costs
    }
    print(fam.table_markdown(rows))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
