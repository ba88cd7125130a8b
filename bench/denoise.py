"""Benchmark of the denoising page: the three autoencoders on a batch of 16, the whole comparison,
the slide sheet, what the page computes on every change (`answer_ms`; `answer_new_digits_ms` with
another seed each time, as a slider moves) and on a download's click,
and the PSNR-vs-level curve.

Last line printed: one JSON object; `batch16_three_models_ms` is the CPU median (target ≤ 30).
Run: `make bench`, or `STUDIO_DATA_ROOT=../shared/data .venv/bin/python bench/denoise.py`.
"""

from __future__ import annotations

import json
import time

from _timing import median_ms  # noqa: E402  (also puts the repository on sys.path)

import torch  # noqa: E402

from studio.demos.denoise import models as dn  # noqa: E402
from studio.demos.denoise import compare as dc  # noqa: E402
from studio.device import configure_threads  # noqa: E402
from studio.exports import exports  # noqa: E402
from studio.images import png_bytes  # noqa: E402




def main() -> None:
    threads = configure_threads()
    cpu = torch.device("cpu")
    t = time.perf_counter()
    clean = dc._test_digits()[0][:16]
    dc.page_models("cpu")
    result = {"threads": threads, "load_mnist_and_models_s": round(time.perf_counter() - t, 3)}
    noisy = dn.gaussian(clean, 0.5, torch.Generator().manual_seed(0))

    # What the page runs: one thread for these tiny networks (see denoise.one_thread) ...
    with dc.one_thread():
        result["batch16_three_models_ms"] = median_ms(lambda: dc.run_models(noisy, cpu))
    # ... and, for comparison, torch's default of every core.
    result["batch16_three_models_all_threads_ms"] = median_ms(lambda: dc.run_models(noisy, cpu))

    settings = dc.DenoiseSettings(source="chosen", indices=", ".join(str(i) for i in range(16)))
    result["compare16_ms"] = median_ms(lambda: dc.compare(settings))          # noise + models + PSNR + SSIM
    comparison = dc.compare(settings)
    result["sheet16_ms"] = median_ms(comparison.sheet, repeats=5)
    # What a hosted page computes on every change (the page's default six digits): the comparison,
    # its sheet and the one PNG it shows; and the two downloads it now writes only when clicked.
    page = dc.DenoiseSettings()
    shown = dc.compare(page)
    sheet = shown.sheet()
    result["answer_ms"] = median_ms(lambda: png_bytes(dc.compare(page).sheet(), dc.state(page), shown.caption()),
                                    repeats=5)
    # ... and as a slider moves: other digits and other numbers each time (a new seed), so the texts
    # the sheet has not drawn before are rendered too (studio.images.stamp_text keeps those it has)
    seeds = iter(range(1, 10_000))

    def answer_new_digits() -> bytes:
        moved = dc.DenoiseSettings(seed=next(seeds))
        return png_bytes(dc.compare(moved).sheet(), dc.state(moved), moved.caption())

    result["answer_new_digits_ms"] = median_ms(answer_new_digits, repeats=10)
    result["downloads_on_click_ms"] = median_ms(
        lambda: [e.make() for e in exports("d", sheet, shown.caption(), dc.state(page)) if e.label != "PNG"], repeats=3)
    t = time.perf_counter()
    dc.psnr_curve("gaussian")
    result["psnr_curve_first_s"] = round(time.perf_counter() - t, 3)
    result["psnr_curve_digits_levels"] = [dc.CURVE_DIGITS, len(dc.CURVE_LEVELS)]
    result["dae_gain_db_sigma05_batch16"] = round(comparison.means()["dae-conv"][0] - comparison.means()["noisy"][0], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
