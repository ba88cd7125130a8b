"""Benchmark of style transfer: the page's default preset at 384 px, coarse to fine versus a plain
single-scale reference, and VGG-19's cost per iteration.

Last line printed: one JSON object. Run with `make bench` (TORCH_HOME=../shared/torch here);
STUDIO_THREADS sets torch's threads (default: every core).

- first_image_seconds, final_seconds: the default preset (MobileNetV2, 384 px, 3 scales of
  L-BFGS), from the call to run() to its first picture and to its result; the network is loaded
  beforehand, as it is once per process in the apps.
- speedup_vs_reference: the reference optimises at 384 px only, L-BFGS, 300 iterations, with
  the same backbone, layers, weights and images, and ends with a loss L. The default method
  (coarse to fine, the full-size scale allowed to run on) is timed until its loss is <= L;
  speedup = reference seconds / those seconds. Losses are measured at 384 px on both sides.
- vgg19_seconds_per_iteration_256px: one L-BFGS iteration (forward + backward) of VGG-19 at
  256 px, random weights (timing only).
- style_preview_ms: the instant preview (style.preview: 128 px, two scales of 5 L-BFGS iterations;
  VGG 96 px, 3 iterations;
  network loaded) of the page's default preset (presets 'quick-style', MobileNetV2), median of 5,
  warm; style_preview_ms_vgg19: the same on VGG-19 (random weights: timing only).
  `--preview`: only these keys.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import _timing  # noqa: E402,F401  (puts the repository on sys.path)

from studio import backbones, images
from studio.demos.style import style  # noqa: E402
from studio.device import configure_threads, pick_device  # noqa: E402

REFERENCE_ITERATIONS = 300
CAP_ITERATIONS = REFERENCE_ITERATIONS  # past the reference's own budget at full size there is no speedup left


def inputs():
    painting = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "styles" / "starry_night.jpg"
    if not painting.is_file():
        return images.load_sample("chelsea"), images.load_sample("hubble_deep_field"), "hubble_deep_field"
    return images.load_sample("chelsea"), images.load_image(painting, max_side=1024).image, painting.stem


def timed(frames):
    """(seconds to the first picture, seconds to the end, frames) measured from the call."""
    start, first, kept = time.perf_counter(), None, []
    for frame in frames:
        first = first if first is not None else time.perf_counter() - start
        kept.append(frame)
    return first, time.perf_counter() - start, kept


def preview_keys() -> dict:
    """The instant preview of the page's default preset, warm; VGG-19 with random weights."""
    import os

    from _timing import median_ms
    from studio import gallery, presets

    out = {}
    preset = presets.default_preset("style")
    s = presets.settings_of(preset)["style"]
    content = gallery.load_choice(preset.picks["content"]).image
    art = gallery.load_choice(preset.picks["painting"]).image
    for name, settings_, weights in (("style_preview_ms", s, backbones.weights_present(s.backbone)),
                                     ("style_preview_ms_vgg19",
                                      style.StyleSettings.from_values({**s.to_dict(), "backbone": "vgg19"}), False)):
        style.preview(settings_, content, [art], pretrained=weights)   # loads the network
        out[name] = round(median_ms(lambda: style.preview(settings_, content, [art], pretrained=weights),
                                    repeats=5, warmup=1), 1)
    out["style_preview_size"] = list(style.preview(s, content, [art]).size)
    out["load_avg_1m"] = round(os.getloadavg()[0], 2)
    return out


def main() -> None:
    threads = configure_threads()
    if "--preview" in sys.argv:
        print(json.dumps({"threads": threads, **preview_keys()}))
        return
    device = pick_device()
    content, art, art_name = inputs()
    preset = style.StyleSettings(backbone="mobilenet_v2", size=384)
    pretrained = backbones.weights_present("mobilenet_v2")
    t = time.perf_counter()
    backbones.load_backbone("mobilenet_v2", pretrained, str(device))
    result = {"threads": threads, "device": str(device), "content": "chelsea", "style": art_name,
              "mobilenet_v2_pretrained": pretrained, "load_seconds": round(time.perf_counter() - t, 3),
              "preset": {k: preset.to_dict()[k] for k in ("size", "scales", "iterations", "optimizer",
                                                           "content_weight", "style_weight", "tv_weight")}}

    first, final, frames = timed(style.run(preset, content, [art], pretrained=pretrained, device=device))
    result.update(first_image_seconds=round(first, 2), final_seconds=round(final, 2),
                  final_loss=round(frames[-1].metrics["total"], 4))
    print(f"default preset: first picture {first:.2f} s, result {final:.2f} s", file=sys.stderr)

    reference = style.StyleSettings(**{**preset.to_dict(), "scales": 1, "iterations": REFERENCE_ITERATIONS})
    _, ref_seconds, ref_frames = timed(style.run(reference, content, [art], pretrained=pretrained, device=device))
    target = ref_frames[-1].metrics["total"]
    # the other view of the same curves: how far the reference got in the default preset's time
    at_equal_time = next((f for f in ref_frames if f.metrics["seconds"] >= final), ref_frames[-1])
    print(f"reference: {ref_seconds:.1f} s to loss {target:.4f}", file=sys.stderr)

    reached = None
    for frame in style.run(preset, content, [art], pretrained=pretrained, device=device,
                           final_iterations=CAP_ITERATIONS):
        if frame.metrics["size"] == preset.size and frame.metrics["total"] <= target:
            reached = frame
            break
    result.update(reference_seconds=round(ref_seconds, 2), reference_loss=round(target, 4),
                  reference_iterations=REFERENCE_ITERATIONS,
                  reference_loss_at_final_seconds=round(at_equal_time.metrics["total"], 4))
    if reached is not None:
        full_size_iterations = reached.step - (reached.total - CAP_ITERATIONS)
        result.update(default_method_seconds_to_reference_loss=round(reached.metrics["seconds"], 2),
                      default_method_full_size_iterations=full_size_iterations,
                      speedup_vs_reference=round(ref_seconds / reached.metrics["seconds"], 2))
    else:
        result.update(default_method_seconds_to_reference_loss=None, speedup_vs_reference=None,
                      note=f"the default method did not reach the reference loss in {CAP_ITERATIONS} "
                           "full-size iterations")

    vgg = style.StyleSettings(backbone="vgg19", size=256, scales=1, iterations=10)
    vgg_frames = list(style.run(vgg, content, [art], pretrained=False, device=device))
    per_iteration = (vgg_frames[-1].metrics["seconds"] - vgg_frames[0].metrics["seconds"]) / 5
    result["vgg19_seconds_per_iteration_256px"] = round(per_iteration, 3)
    result.update(preview_keys())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
