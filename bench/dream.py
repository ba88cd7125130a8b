"""Benchmark of DeepDream on MobileNetV2 (ImageNet weights from TORCH_HOME, e.g. ../shared/torch).

- default_preset_seconds: the page's default settings (512 px long side, Chelsea), warm model.
- speedup_vs_naive: the same settings and seed with a naive loop that runs the whole network
  (to the logits) at every step; both images must agree (naive_mean_abs_diff, pixels in [0, 1]).
  The naive loop uses the same arithmetic (BatchNorm folded, channels-last), so its images agree
  exactly and the speedup is what stopping at the layer saves.
- speedup_vs_plain_torchvision: against the whole, unmodified torchvision network. Folding and
  channels-last change float rounding (plain_first_step_abs_diff, about 1e-7 after one step), and
  a dream amplifies whatever differs, so after 40 steps the pictures differ in detail
  (plain_mean_abs_diff) while looking alike.
- ms_per_step: one ascent step (forward to the layer, gradient, update) per layer group and size
  (naive_ms_per_step: the same through the whole network), and the step speedup for each middle layer.
- peak_rss_mb_1024px: peak resident memory of a fresh process dreaming the default preset at
  1024 px (2 steps per octave: the peak is reached at the first full-size step).

- dream_preview_ms: the instant preview (dream.preview: 192 px, 2 octaves of 5 steps, network
  loaded) of the page's default preset (presets 'quick-dream', MobileNetV2), median of 5, warm;
  dream_preview_ms_googlenet: the same settings on GoogLeNet (random weights: timing only).

Last line printed: one JSON object. Run: TORCH_HOME=../shared/torch .venv/bin/python bench/dream.py
(`--preview`: only the preview keys).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

from _timing import best_ms  # noqa: E402  (also puts the repository on sys.path)

import torch  # noqa: E402

from studio import backbones, images
from studio.demos.dream import dream  # noqa: E402
from studio.device import configure_threads  # noqa: E402

BACKBONE = "mobilenet_v2"


def settings(**kw) -> dream.DreamSettings:
    return dream.DreamSettings.from_values({"backbone": BACKBONE, "layer": dream.SUGGESTED_LAYER[BACKBONE], **kw})


def dream_tensor(s: dream.DreamSettings, extractor) -> tuple[torch.Tensor, float]:
    """The page's dream loop (dream.dream_steps) with the given extractor; (result, seconds)."""
    start = images.to_tensor(dream.start_image(s).image)
    objective = dream.layer_energy(s.layer)
    gen = torch.Generator().manual_seed(s.seed)
    t = time.perf_counter()
    for step in dream.dream_steps(start, extractor, objective, s, gen):
        pass
    return step.image, time.perf_counter() - t


def ms_per_step(extractor, objective, s, size: int, repeats: int = 4) -> float:
    x = images.to_tensor(images.fit_long_side(images.load_sample("chelsea"), size))
    gen = torch.Generator().manual_seed(0)
    return best_ms(lambda: dream.ascent_step(x, extractor, objective, s, gen), repeats=repeats)


def peak_rss_child() -> None:
    """Run in a fresh process: the default preset at 1024 px; prints the peak RSS in MB."""
    configure_threads()
    s = settings(size=1024, steps=2)
    for _ in dream.run(s, dream.start_image(s).image):
        pass
    print(round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))


def preview_keys(pretrained: bool) -> dict:
    """The instant preview of the page's default preset, warm; GoogLeNet with random weights."""
    from studio import presets
    from _timing import median_ms

    out = {}
    s = presets.settings_of(presets.default_preset("dream"))["dream"]
    start = dream.start_image(s).image
    for name, settings_, weights in (("dream_preview_ms", s, pretrained),
                                     ("dream_preview_ms_googlenet",
                                      dream.DreamSettings.from_values({**s.to_dict(), "backbone": "googlenet",
                                                                       "layer": "inception4c"}), False)):
        dream.preview(settings_, start, pretrained=weights)   # loads the network
        out[name] = round(median_ms(lambda: dream.preview(settings_, start, pretrained=weights), repeats=5,
                                   warmup=1), 1)
    out["dream_preview_size"] = list(dream.preview(s, start, pretrained=pretrained).size)
    return out


def main() -> None:
    threads = configure_threads()
    if "--preview" in sys.argv:
        print(json.dumps({"threads": threads, "load_avg_1m_at_start": round(os.getloadavg()[0], 2),
                          **preview_keys(backbones.weights_present(BACKBONE)),
                          "load_avg_1m_at_end": round(os.getloadavg()[0], 2)}))
        return
    result = {"threads": threads, "load_avg_1m_at_start": round(os.getloadavg()[0], 2),
              "pretrained": backbones.weights_present(BACKBONE)}
    s = settings()
    bb = backbones.load_backbone(BACKBONE, pretrained=result["pretrained"])
    fast = dream.fast_extractor(BACKBONE, (s.layer,), result["pretrained"], "cpu")
    naive = dream.fast_extractor(BACKBONE, (s.layer, "logits"), result["pretrained"], "cpu")
    plain = bb.extractor([s.layer, "logits"])
    list(dream.run(settings(size=128, octaves=1, steps=2), images.load_sample("coffee"),
                   pretrained=result["pretrained"]))                               # warm-up

    start = dream.start_image(s).image
    t = time.perf_counter()
    for frame in dream.run(s, start, pretrained=result["pretrained"]):
        pass
    result["default_preset_seconds"] = round(time.perf_counter() - t, 2)
    result["default_preset"] = s.caption()

    # Best of two, interleaved: other work on a shared machine only ever adds time.
    (optimised, t_fast), (baseline, t_naive) = dream_tensor(s, fast), dream_tensor(s, naive)
    t_fast, t_naive = min(t_fast, dream_tensor(s, fast)[1]), min(t_naive, dream_tensor(s, naive)[1])
    result["speedup_layer"] = s.layer
    result["optimised_loop_seconds"] = round(t_fast, 2)
    result["naive_loop_seconds"] = round(t_naive, 2)
    result["speedup_vs_naive"] = round(t_naive / t_fast, 2)
    result["naive_mean_abs_diff"] = float(f"{(optimised - baseline).abs().mean().item():.2e}")
    untouched, t_plain = dream_tensor(s, plain)
    result["plain_torchvision_loop_seconds"] = round(t_plain, 2)
    result["speedup_vs_plain_torchvision"] = round(t_plain / t_fast, 2)
    result["plain_mean_abs_diff"] = float(f"{(optimised - untouched).abs().mean().item():.2e}")
    x = images.to_tensor(start)
    one = [dream.ascent_step(x, e, dream.layer_energy(s.layer), s, torch.Generator().manual_seed(0))[0]
           for e in (fast, plain)]
    result["plain_first_step_abs_diff"] = float(f"{(one[0] - one[1]).abs().mean().item():.2e}")

    per_step, naive_step = {}, {}
    groups = backbones.spec(BACKBONE).groups
    for group, layer in (("early", groups[0].layers[-1]), ("middle", s.layer), ("late", groups[2].layers[-1])):
        whole = dream.fast_extractor(BACKBONE, (layer, "logits"), result["pretrained"], "cpu")
        extractor = dream.fast_extractor(BACKBONE, (layer,), result["pretrained"], "cpu")
        for size in (256, 512):
            per_step[f"{group}_{layer}_{size}px"] = ms_per_step(extractor, dream.layer_energy(layer), s, size)
            naive_step[f"{group}_{layer}_{size}px"] = ms_per_step(whole, dream.layer_energy(layer), s, size)
    result["ms_per_step"] = per_step
    result["naive_ms_per_step"] = naive_step
    # What stopping at the layer saves, per middle layer (one step at 512 px, same arithmetic).
    result["step_speedup_by_middle_layer_512px"] = {}
    for layer in groups[1].layers:
        pair = [ms_per_step(dream.fast_extractor(BACKBONE, layers, result["pretrained"], "cpu"),
                            dream.layer_energy(layer), s, 512, repeats=5) for layers in ((layer, "logits"), (layer,))]
        result["step_speedup_by_middle_layer_512px"][layer] = round(pair[0] / pair[1], 2)

    child = subprocess.run([sys.executable, __file__, "--peak-rss-1024"], capture_output=True, text=True,
                           env=os.environ, check=True)
    result["peak_rss_mb_1024px"] = float(child.stdout.strip().splitlines()[-1])
    result.update(preview_keys(result["pretrained"]))
    result["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    peak_rss_child() if "--peak-rss-1024" in sys.argv else main()
