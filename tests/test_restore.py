"""Restoring a page from a studio PNG that a stranger crafted: every text gives settings (clamped, with a
notice that quotes the value briefly) or one sentence; never a RecursionError, a wall of digits or a
half-applied page."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio import links, presets, render, slides
from studio.errors import StudioError


def _png(text: str) -> bytes:
    info = PngInfo()
    info.add_text(slides.SETTINGS_KEY, text)
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


REFUSED = {
    "200,000 nested brackets": "[" * 200_000 + "]" * 200_000,
    "5,000 nested objects": '{"settings": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}",
    "a 5,000-digit size": '{"size": ' + "9" * 5000 + "}",
    "a megabyte of settings": json.dumps({"layer": "x" * 1_000_000}),
    "not JSON": "size=512",
    "a list": "[1, 2, 3]",
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_settings_texts_are_refused_with_a_sentence(case):
    with pytest.raises(StudioError) as refused:
        links.from_state("dream", slides.settings_from_png(_png(REFUSED[case])))
    message = str(refused.value)
    assert message.endswith(".") and len(message) < 200, message


def test_out_of_range_values_are_clamped_with_a_short_notice():
    state = slides.settings_from_png(_png('{"size": ' + "9" * 4000 + ', "octaves": -1e308, "steps": 1e999}'))
    link = links.from_state("dream", state)
    values = link.values["dream"]
    dream = links.presets.settings_class("dream", "dream")
    # beyond float range: the default, as a slider's NaN or infinity; -1e308 is a number: the minimum
    assert values["size"] == dream().size and values["steps"] == dream().steps and values["octaves"] == 1
    assert all(len(n) < 300 for n in link.notices) and len(link.notices) == 3, link.notices


def test_every_preset_slide_fits_the_bound_five_times_over():
    """The bound refuses no real PNG: a slide's state (every section of the largest page) is far below it."""
    for preset in presets.PRESETS:
        text = json.dumps(render.state_of(preset, presets.settings_of(preset)), default=str)
        assert len(text) * 5 < slides.MAX_SETTINGS_TEXT, (preset.name, len(text))


# --- a PNG restores only its own page (issue 23) ----------------------------------------------------

def _made_by(title: str) -> str:
    return f"This PNG was made by the {title} page; open that page to restore it."


def _through_png(state: dict) -> dict:
    """The settings as a page reads them back from the slide a download button makes."""
    return slides.settings_from_png(slides.slide_png(Image.new("RGB", (8, 8)), "t", "c", state))


def _sweep_state() -> dict:
    """What the DeepDream page's Layer sweep writes into its PNGs (its own outcome, not a copy of it)."""
    from studio.demos.dream import dream
    from studio.demos.dream.page import Job
    from studio.frames import Frame, Recording

    recording = Recording()
    list(recording.keep([Frame(Image.new("RGB", (8, 8)), 1, 1, "sweep")]))
    settings = dream.DreamSettings(backbone="mobilenet_v2", layer="features.10", size=96, steps=2, seed=3)
    return Job(settings).outcome("sweep", recording).settings


def _page_states(mnist_root) -> dict[str, dict]:
    """What each page's downloads carry, from the page's own code (demo -> state)."""
    from studio.demos.denoise import compare as dc
    from studio.demos.families import page as families
    from studio.demos.families.measure import SampleSettings
    from studio.demos.foundations import page as foundations
    from studio.demos.foundations.paint import PaintSettings
    from studio.demos.gan import snapshots as snaps
    from studio.demos.vae import walk as vw

    return {"dream": _sweep_state(),
            "vae": vw.state("interp", vw.InterpolationSettings(steps=16, spherical=True)),
            "gan": snaps.state(snaps.SnapshotSettings(seed=5, use_fixed=False), "dcgan", snapshot="gan-dcgan-e5"),
            "denoise": dc.state(dc.DenoiseSettings(noise="masking", level=0.3)),
            "foundations": foundations.state(paint=PaintSettings(size=96)),
            "families": families.download("samples", SampleSettings(seed=9), None, "c")["settings"]}


def test_every_page_png_names_its_page_and_view_and_restores_there(mnist_root):
    from studio.demos import demo

    views = {"dream": "sweep", "vae": "interp", "gan": "snapshots", "denoise": "compare", "foundations": "paint",
             "families": "samples"}
    for key, state in _page_states(mnist_root).items():
        read = _through_png(state)
        assert read["demo"] == key and read["view"] == views[key], (key, read)
        link = links.from_state(key, read)
        assert link.opens == views[key] and not link.notices, (key, link.notices)
        for other in presets.SECTIONS:   # any other page refuses it with the one sentence, changing nothing
            if other != key:
                with pytest.raises(StudioError) as refused:
                    links.from_state(other, read)
                assert str(refused.value) == _made_by(demo(key).title)


def test_a_sweep_slide_restores_onto_layer_sweep_with_its_settings():
    link = links.from_state("dream", _through_png(_sweep_state()))
    assert link.opens == "sweep" and link.settings("dream").size == 96 and link.settings("dream").seed == 3
    # on Foundations (its size, steps and seed fields) it is refused: no tab of that page changes
    with pytest.raises(StudioError, match="made by the DeepDream page"):
        links.from_state("foundations", _through_png(_sweep_state()))


def test_a_vae_png_restores_its_own_part_and_the_gan_png_its_family(mnist_root):
    states = _page_states(mnist_root)
    vae = links.from_state("vae", _through_png(states["vae"]))
    assert vae.settings("vae.interp").steps == 16 and vae.settings("vae.interp").spherical
    assert vae.settings("vae.samples").seed == 0      # a seed of one part does not reach another
    gan = links.from_state("gan", _through_png(states["gan"]))
    assert gan.picks == {"family": "dcgan"} and gan.settings("gan.snap").seed == 5 and gan.opens == "snapshots"


def test_old_pngs_without_a_page_are_matched_by_their_fields():
    """The five original pages' PNGs held one settings object's fields, flat: the page whose part has
    exactly (or only) those fields restores them; another page names it; nothing is half-applied."""
    from studio.demos.denoise.compare import DenoiseSettings
    from studio.demos.dream.dream import DreamSettings

    sweep = DreamSettings(size=96, steps=2, seed=3).to_dict()          # an old layer-sweep slide
    for page in ("foundations", "denoise", "vae", "families"):
        with pytest.raises(StudioError) as refused:
            links.from_state(page, _through_png(sweep))
        assert str(refused.value) == _made_by("DeepDream")
    restored = links.from_state("dream", _through_png(sweep))
    assert restored.settings("dream").size == 96 and restored.opens == "dream"
    denoising = DenoiseSettings(noise="block", seed=4).to_dict()       # an old denoising slide on DeepDream
    with pytest.raises(StudioError, match="made by the Denoising page"):
        links.from_state("dream", _through_png(denoising))
    # the GAN's download named its snapshot too; the VAE's grid had two fields
    gan = links.from_state("gan", {"epoch": 50, "seed": 2, "use_fixed": False, "snapshot": "gan-dense-e50"})
    assert gan.values == {"gan.snap": {"epoch": 50, "seed": 2, "use_fixed": False}} and gan.opens == "snapshots"
    grid = links.from_state("vae", {"grid_size": 7, "span": 1.0})
    assert grid.settings("vae.grid").grid_size == 7 and grid.opens == "grid"
    # fields several pages share say nothing about which made it: refused, not applied to every seed
    for page in ("dream", "foundations", "families"):
        with pytest.raises(StudioError, match="nothing was restored"):
            links.from_state(page, {"seed": 3})
    with pytest.raises(StudioError, match="more than one part of this page"):
        links.from_state("vae", {"model": "vae-latent2"})    # the interpolation's, the samples' or the reconstructions'


def test_a_state_naming_this_page_without_its_settings_is_refused():
    with pytest.raises(StudioError, match="carries none of its settings"):
        links.from_state("vae", {"demo": "vae", "view": "grid", "settings": {"dream": {"size": 96}}})
    with pytest.raises(StudioError, match="not this page's"):
        links.from_state("vae", {"demo": ["vae"], "settings": {}})
