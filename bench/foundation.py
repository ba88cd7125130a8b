"""Benchmark of the shared core: image loading, a backbone, the Gradio app build.

Last line printed: one JSON object. Run with `make bench` (TORCH_HOME=../shared/torch here).
"""

from __future__ import annotations

import io
import json
import time

from _timing import median_ms  # noqa: E402  (also puts the repository on sys.path)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

from studio import backbones, images  # noqa: E402
from studio.device import configure_threads  # noqa: E402




def main() -> None:
    threads = configure_threads()
    rng = np.random.default_rng(0)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (3000, 4000, 3), dtype=np.uint8)).save(buf, "JPEG", quality=90)
    photo_12mp = buf.getvalue()
    result = {"threads": threads,
              "load_12mp_jpeg_capped_1024_ms": median_ms(lambda: images.load_image(photo_12mp, max_side=1024)),
              "load_sample_chelsea_ms": median_ms(lambda: images.load_sample("chelsea"))}
    name = "mobilenet_v2"
    pretrained = backbones.weights_present(name)
    t = time.perf_counter()
    bb = backbones.load_backbone(name, pretrained=pretrained)
    result["mobilenet_v2_load_s"] = round(time.perf_counter() - t, 3)
    result["mobilenet_v2_pretrained"] = pretrained
    x = torch.rand(1, 3, 224, 224)
    full, early = bb.extractor(["logits"]), bb.extractor(["features.4"])
    with torch.inference_mode():
        result["mobilenet_v2_logits_224_ms"] = median_ms(lambda: full(x))
        result["mobilenet_v2_features4_224_ms"] = median_ms(lambda: early(x))
    t = time.perf_counter()
    import app

    app.build_blocks()
    result["gradio_build_s"] = round(time.perf_counter() - t, 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
