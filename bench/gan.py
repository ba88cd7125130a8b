"""Benchmark of the GAN page: snapshot sampling and the live 2-D GAN.

Last line printed: one JSON object. Targets: snapshot_grid_64_ms <= 30 (CPU median),
toy_steps_per_second >= 300 (default batch), toy_view_refreshes_per_second >= 2.
"""

from __future__ import annotations

import json
import time

from _timing import median_ms  # noqa: E402  (also puts the repository on sys.path)

from studio.models import gan
from studio.demos.gan import snapshots as gan_snapshots
from studio.demos.gan import toy as gan_toy  # noqa: E402
from studio.device import configure_threads  # noqa: E402
from studio.demos.gan.toy import REFRESH_S  # noqa: E402  (the pages' own refresh period)




def main() -> None:
    result = {"threads": configure_threads()}
    z = gan_snapshots.fixed_latents()
    for family in gan_snapshots.FAMILIES:
        entry = gan_snapshots.snapshots(family)[-1]
        g = gan_snapshots.generator(entry["name"])
        result[f"snapshot_grid_64_ms_{family}"] = median_ms(lambda: gan.generate(g, z))
        result[f"snapshot_sheet_64_ms_{family}"] = median_ms(lambda: gan_snapshots.grid(entry["name"], z))
    result["snapshot_grid_64_ms"] = max(result["snapshot_grid_64_ms_dense"], result["snapshot_grid_64_ms_dcgan"])

    toy = gan_toy.ToyGan(gan_toy.ToyGanSettings())
    toy.train(100)  # warm-up
    t = time.perf_counter()
    toy.train(1000)
    result["toy_steps_per_second"] = round(1000 / (time.perf_counter() - t), 1)

    # The page's loop: train for REFRESH_S, then build the figure and serialise it (what is sent).
    t, refreshes = time.perf_counter(), 0
    while time.perf_counter() - t < 5.0:
        start = time.perf_counter()
        while time.perf_counter() - start < REFRESH_S:
            toy.train(25)
        gan_toy.figure(toy).to_json()
        refreshes += 1
    result["toy_view_refreshes_per_second"] = round(refreshes / (time.perf_counter() - t), 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
