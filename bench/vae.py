"""Benchmark of the VAE page: decoding the 20×20 manifold grid and a single point (CPU, medians).

Last line printed: one JSON object. Targets: grid_20x20_ms <= 50, single_decode_ms <= 5.
"""

from __future__ import annotations

import json
import time

from _timing import median_ms  # noqa: E402  (also puts the repository on sys.path)

import torch  # noqa: E402

from studio.models import vae  # noqa: E402
from studio.demos.vae import walk as vw  # noqa: E402
from studio.device import configure_threads  # noqa: E402




def main() -> None:
    threads = configure_threads()
    model = vw.load_vae("vae-latent2")
    grid = vw.GridSettings(grid_size=20)
    point = vw.PointSettings(z1=0.7, z2=-1.2)
    with torch.inference_mode():
        result = {
            "threads": threads,
            "grid_20x20_ms": median_ms(lambda: vae.manifold_grid(model, n=20, span=2.5)),
            "grid_20x20_image_ms": median_ms(lambda: vw.grid_image(grid)),  # decode + axes picture
            "single_decode_ms": median_ms(lambda: model.decode(torch.tensor([[point.z1, point.z2]]))),
            "single_decode_image_ms": median_ms(lambda: vw.decode_point(point)),
            "walk_24_frames_ms": median_ms(lambda: vw.walk_frames(vw.WalkSettings()), repeats=10),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
