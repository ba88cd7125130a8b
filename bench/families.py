"""Benchmark of the model-families page (CPU, the threads torch is given).

Last line printed: one JSON object with
- pixelcnn_samples16_seconds: 16 PixelCNN samples with the row cache, after a warm-up call (target <= 20 s);
- pixelcnn_naive_row_seconds / pixelcnn_cache_speedup: the textbook sampler (one full network pass
  per pixel) timed on the first 2 rows of the same 16 samples, scaled to 28 rows, against the cache;
- rows: the page's measured table, every row as measure.table() gives it (docs/families.md's table is
  measure.table_markdown(rows), checked by tests/test_docs_figures.py): the comparable columns on 512
  binarised samples of every family against the binarised test set, the grey Fréchet distance on
  10,000 samples of the three grey-output families, seconds per 64 samples after a warm-up;
- nll_nats_pixelcnn: exact NLL per binarised test digit, measured here on all 10,000;
- recon_by_family: the reconstructions of the first 1,000 test digits by the VAE and the VAE-GAN (the
  same networks, two losses): mean gradient magnitude ("edges", which noise raises too) and the
  classifier's mean probability of the true digit ("confidence", which noise does not raise);
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
        pixelcnn.sample(model, 16, seed=1)   # warm-up: every time here is taken after one
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
        "rows": rows,
        "nll_nats_pixelcnn": fam.binarised_likelihoods(pixelcnn_live=True)["pixelcnn"],
        "recon_by_family": {f: {"edges": round(fam.recon_sharpness(f), 4), "confidence": round(fam.recon_confidence(f), 4)}
                            for f in ("vae", "vaegan")},
        "table_first_seconds": round(table_first, 1),
        "table_ms_cached": median_ms(fam.table_markdown, repeats=20, warmup=1),  # what a page rerun costs
    }
    print(fam.table_markdown(rows))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
