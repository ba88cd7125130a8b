"""A preset's result without a server: the same core calls the pages make, so the same pixels.

`python -m studio render` and `make slides` use this; tests compare it with the pages' handlers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PIL import Image

from studio import presets
from studio.errors import StudioError
from studio.presets import Preset


@dataclass
class Rendered:
    preset: Preset
    image: Image.Image
    caption: str            # the page's caption of the result (every setting it depends on)
    state: dict[str, Any]   # what the PNG's text chunk holds: demo, view, picks and every section's settings

    @property
    def title(self) -> str:
        return self.preset.title


def state_of(preset: Preset, settings: dict) -> dict[str, Any]:
    return {"demo": preset.demo, "preset": preset.name, "view": preset.view or presets.VIEWS[preset.demo][0],
            "picks": dict(preset.picks), "settings": {k: s.to_dict() for k, s in settings.items()}}


def _last(frames):
    last = None
    for last in frames:
        pass
    if last is None:
        raise StudioError("The run produced no picture.")
    return last


def _dream(preset: Preset, s: dict, pretrained: bool) -> tuple[Image.Image, str]:
    from studio.demos.dream import dream

    d = s["dream"]
    view = preset.view or "dream"
    fn = {"dream": dream.run, "sweep": dream.sweep, "zoom": dream.zoom}[view]
    loaded = dream.start_image(d, None)
    frame = _last(fn(d, loaded.image, dream.guide_image(d, None), pretrained=pretrained))
    return frame.image, frame.caption


def _style(preset: Preset, s: dict, pretrained: bool) -> tuple[Image.Image, str]:
    """Each view through the page's own Job: the result, the three approaches, a network learning."""
    from studio import gallery
    from studio.demos.style import page
    from studio.frames import Recording

    picks = page.picks((preset.picks.get("content", page.CONTENT), None),
                       (preset.picks.get("painting", gallery.default_painting()), None),
                       (preset.picks.get("painting2", page.NONE), None))
    job, learning = page.Job(s["style"], picks), s.get("style.learn")
    frames, finish = {"style": (job.frames, job.outcome), "compare": (job.compare, job.compared),
                      "learn": (lambda: job.learn(learning), lambda r: job.learnt(learning, r))}[preset.view or "style"]
    recording = Recording()
    _last(recording.keep(frames()))
    result = finish(recording)
    return result.image, result.caption


def _vae(preset: Preset, s: dict, pretrained: bool) -> tuple[Image.Image, str]:
    from studio.demos.vae import walk as vw

    view = preset.view or "grid"
    if view == "grid":
        g = s["vae.grid"]
        return vw.grid_image(g), g.caption()
    if view == "walk":
        w = s["vae.walk"]
        return vw.walk(w)[1], vw.walk_caption(w)
    if view == "interp":
        i = s["vae.interp"]
        path = vw.interpolate_uploads(i)
        return path.strip, path.caption
    sm = s["vae.samples"]
    return vw.sample_sheet(sm), sm.caption()


def _gan(preset: Preset, s: dict, pretrained: bool) -> tuple[Image.Image, str]:
    from studio.demos.gan import snapshots as snaps

    snap = s["gan.snap"]
    family = preset.picks.get("family", "dense")
    if preset.view == "series":
        return snaps.series_sheet(family), snaps.series_caption(family)
    _, sheet, caption = snaps.sheet(family, snap)
    return sheet, caption


def _denoise(preset: Preset, s: dict, pretrained: bool) -> tuple[Image.Image, str]:
    from studio.demos.denoise import compare as dc

    result = dc.compare(s["denoise"])
    return result.sheet(), result.caption()


def _foundations(preset: Preset, s: dict, pretrained: bool) -> tuple[Image.Image, str]:
    from studio.demos.foundations import paint, stats

    view = preset.view or "stats"
    if view == "stats":
        r = stats.compute(s["foundations.stats"])
        return r.mean_and_std(), r.caption()
    # training to the budget: the pages train in slices of wall time, but step for step the same
    a = s["foundations.paint"]
    if view == "race":
        obj = paint.race(a, s["foundations.race"])
        for p in (obj.a, obj.b):
            p.train(p.settings.steps)
        return obj.comparison(), obj.caption()
    obj = paint.painter(s["foundations.many"] if view == "many" else a)
    obj.train(obj.settings.steps)
    return obj.comparison(), obj.caption()


def _families(preset: Preset, s: dict, pretrained: bool) -> tuple[Image.Image, str]:
    from studio.demos.families import measure as fam

    view = preset.view or "samples"
    if view == "samples":
        return fam.samples_sheet(s["families.samples"])
    if view == "recon":
        return fam.reconstruction_sheet(s["families.recon"])
    frames = fam.live_sampling(s["families.live"]) if view == "live" else fam.completion(s["families.complete"])
    frame = _last(frames)
    return frame.image, frame.caption


RENDERERS = {"dream": _dream, "style": _style, "vae": _vae, "gan": _gan, "denoise": _denoise,
             "foundations": _foundations, "families": _families}


def render(preset: Preset | str, *, pretrained: bool = True,
           overrides: dict[str, dict[str, Any]] | None = None) -> Rendered:
    """The preset's full-size result. `overrides` (section -> field -> value) lets tests shrink it."""
    preset = presets.get(preset) if isinstance(preset, str) else preset
    if overrides:
        merged = {k: {**preset.values(k), **v} for k, v in {**{k: {} for k in preset.settings}, **overrides}.items()}
        preset = replace(preset, settings=merged)
    settings = presets.settings_of(preset)
    image, caption = RENDERERS[preset.demo](preset, settings, pretrained)
    return Rendered(preset, image, caption, state_of(preset, settings))
