"""Presets, headless rendering and slides: a preset drawn by `python -m studio render` has the
pixels the page's own handler draws, and a slide's PNG gives its settings back."""

import io
import json

import numpy as np
import pytest
from PIL import Image

from studio import presets, slides
from studio.__main__ import main
from studio.controls import Settings
from studio.errors import StudioError
from studio.images import png_bytes
from studio.render import render


def widget_values(cls, values: dict, names) -> list:
    """The values as the page's widgets hold them (log sliders hold exponents)."""
    return [cls.control_of(n).to_widget(values[n]) for n in names]


def same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and np.array_equal(np.asarray(a.convert("RGB")), np.asarray(b.convert("RGB")))


def test_every_preset_is_valid_settings_of_its_page():
    assert len({p.name for p in presets.PRESETS}) == len(presets.PRESETS)
    for p in presets.PRESETS:
        assert p.view in ("", *presets.VIEWS[p.demo])
        classes = presets.sections(p.demo)
        assert set(p.settings) <= set(classes), p.name
        settings = presets.settings_of(p)
        for section, values in p.settings.items():
            s = settings[section]
            assert isinstance(s, Settings) and not s.notices, (p.name, s.notices)   # nothing clamped
            for name, value in values.items():
                if value != "last":
                    assert getattr(s, name) == value, (p.name, name)
    # every demo has presets, the first being the page's default for its benchmark
    assert {p.demo for p in presets.PRESETS} == set(presets.SECTIONS)


def test_unknown_preset_names_the_known_ones():
    with pytest.raises(StudioError, match="manifold-2d"):
        presets.get("no-such-preset")


def test_presets_command_lists_names_and_links(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for p in presets.PRESETS:
        assert p.name in out and f"?preset={p.name}" in out


def test_slide_is_1920x1080_with_the_result_large_and_settings_round_trip():
    result = Image.new("RGB", (300, 200), (200, 30, 30))
    state = {"demo": "vae", "settings": {"vae.grid": {"grid_size": 20, "span": 3.0}}}
    data = slides.slide_png(result, "A title", "VAE manifold · grid_size=20 · span=3", state)
    img = Image.open(io.BytesIO(data))
    assert img.size == (1920, 1080)
    red = (np.asarray(img.convert("RGB")) == (200, 30, 30)).all(axis=2)
    rows, cols = np.nonzero(red)
    # enlarged by a whole factor (crisp), at least half the slide's height, centred
    assert rows.max() - rows.min() + 1 >= 540 and (cols.max() - cols.min() + 1) % 300 == 0
    assert abs((cols.min() + cols.max()) / 2 - 960) < 2
    assert slides.settings_from_png(data) == state
    assert json.loads(img.text["studio:settings"]) == state


def test_long_captions_are_cut_to_three_readable_lines():
    lines = slides._lines("word " * 400, slides.CAPTION_PX, 1800, slides.CAPTION_LINES)
    assert len(lines) == 3 and lines[-1].endswith("…") and slides.CAPTION_PX >= 28


def test_settings_from_png_refuses_other_files():
    with pytest.raises(StudioError, match="no studio settings"):
        slides.settings_from_png(png_bytes(Image.new("RGB", (8, 8))))
    with pytest.raises(StudioError, match="not a PNG"):
        slides.settings_from_png(b"GIF89a not really")


# --- identical pixels: render() against each page's own handler ---------------------------------

def test_vae_presets_match_the_page(mnist_root):
    from studio.demos.vae import gradio as vae_gradio

    r = render("manifold-2d")
    assert same(r.image, vae_gradio.grid(20, 3.0))
    r = render("hot-samples")
    assert same(r.image, vae_gradio.sample("vae-latent16", 1.5, 32, 0)[0])
    r = render("slerp")
    assert same(r.image, vae_gradio.interpolate("vae-latent16", 0, 1, 10, True)[0])
    r = render("walk")
    assert same(r.image, vae_gradio.walk(-2.0, -2.0, 2.0, 2.0, 12)[1])


def test_gan_and_denoise_presets_match_the_page(mnist_root):
    from studio.demos.gan import snapshots as snaps
    from studio.demos.denoise.compare import DenoiseSettings
    from studio.demos.denoise import gradio as denoise_gradio
    from studio.demos.gan import gradio as gan_gradio

    last = snaps.epochs()[-1]
    dense, dcgan, *_ = gan_gradio.snapshots(last, 0, True)
    assert same(render("mode-collapse").image, dense)
    assert same(render("dcgan-last").image, dcgan)
    values = presets.settings_of(presets.get("sigma-0.5"))["denoise"].to_dict()
    sheet = Image.open(denoise_gradio.compare(*[values[n] for n, _ in DenoiseSettings.controls()])[0])   # the PNG it shows
    assert same(render("sigma-0.5").image, sheet)


def test_dream_preset_matches_the_page_handler(shared_torch_home):
    from studio.demos.dream.dream import DreamSettings
    from studio.demos.dream import gradio as dream_gradio

    small = {"dream": {"size": 96, "octaves": 2, "steps": 3}}
    r = render("quick-dream", overrides=small)
    values = r.state["settings"]["dream"]
    *_, (picture, _, files) = dream_gradio.run_dream(None, None, values["layer"],
                                                     *widget_values(DreamSettings, values, dream_gradio.NAMES))
    assert same(r.image, picture) and max(r.image.size) == 96
    assert DreamSettings.from_values(values).size == 96


def test_style_preset_matches_the_page_handler(shared_torch_home):
    from studio.demos.style.style import StyleSettings
    from studio.demos.style import gradio as style_gradio

    small = {"style": {"size": 64, "iterations": 3, "scales": 1}}
    r = render("quick-style", overrides=small)
    values = r.state["settings"]["style"]
    *_, (picture, _, _, _) = style_gradio.stylise("sample:chelsea", None, "sample:hubble_deep_field", None,
                                                  style_gradio.NONE, None,
                                                  *widget_values(StyleSettings, values, style_gradio.NAMES))
    assert same(r.image, picture)


def test_render_command_writes_result_and_slide_with_settings(tmp_path, mnist_root, capsys):
    assert main(["render", "manifold-2d", "sigma-0.5", "--out", str(tmp_path)]) == 0
    for name in ("manifold-2d", "sigma-0.5"):
        full = Image.open(tmp_path / f"{name}.png")
        slide = Image.open(tmp_path / f"{name}-slide.png")
        assert slide.size == (1920, 1080)
        state = slides.settings_from_png((tmp_path / f"{name}-slide.png").read_bytes())
        assert state["preset"] == name and state == json.loads(full.text["studio:settings"])
    assert same(Image.open(tmp_path / "manifold-2d.png"), render("manifold-2d").image)
    assert main(["render", "no-such", "--out", str(tmp_path)]) == 2
    assert "no preset" in capsys.readouterr().err


# --- links ---------------------------------------------------------------------------------------

def test_a_link_round_trips_a_pages_state(mnist_root):
    from studio import links
    from studio.demos.vae.walk import SampleSettings

    names = links.names("vae")
    assert names["grid_size"] == ("vae.grid", "grid_size")
    assert names["samples.model"] == ("vae.samples", "model")        # three sections have a model
    settings = {"vae.samples": SampleSettings(model="vae-latent2", temperature=1.5)}
    q = links.query("vae", settings, view="samples")
    assert q == {"samples.model": "vae-latent2", "temperature": "1.5", "view": "samples"}
    link = links.parse("vae", q)
    assert link.values == {"vae.samples": {"model": "vae-latent2", "temperature": 1.5}} and not link.notices
    assert link.settings("vae.samples") == settings["vae.samples"]


def test_bad_links_open_with_notices_never_errors(shared_torch_home):
    from studio import links

    link = links.parse("dream", {"octaves": "99", "steps": "abc", "bogus": "1", "backbone": "mobilenet_v2",
                                 "layer": "inception4c", "view": "nowhere"})
    assert link.values["dream"]["octaves"] == 8                      # clamped to the maximum
    text = " ".join(link.notices)
    assert "maximum 8" in text and "must be a number" in text and "'bogus'" in text and "no view" in text
    assert "layer" not in link.values["dream"] and "does not fit" in text   # GoogLeNet's layer on MobileNetV2
    assert link.settings("dream").backbone == "mobilenet_v2"


def test_preset_links_and_pngs_restore_every_field(mnist_root):
    from studio import links

    link = links.parse("gan", {"preset": "dcgan-last", "seed": "7"})
    assert link.picks == {"family": "dcgan"} and link.values["gan.snap"]["seed"] == 7 and link.full
    r = render("manifold-2d")
    restored = links.from_state("vae", slides.settings_from_png(slides.slide_png(r.image, r.title, r.caption, r.state)))
    assert restored.settings("vae.grid").to_dict() == r.state["settings"]["vae.grid"] and restored.view == "grid"
    with pytest.raises(StudioError, match="Denoising page"):
        links.from_state("vae", {"demo": "denoise", "settings": {}})
    # a page's own download holds the flat settings
    assert links.from_state("vae", {"grid_size": 7, "span": 1.0}).values["vae.grid"] == {"grid_size": 7, "span": 1.0}


def test_a_sheet_with_its_caption_is_not_captioned_twice():
    from studio.images import captioned, contact_sheet, has_caption, without_caption

    sheet = contact_sheet([Image.new("RGB", (28, 28), "black")] * 4, caption="GAN · epoch 50")
    plain = contact_sheet([Image.new("RGB", (28, 28), "black")] * 4)
    assert has_caption(sheet) and not has_caption(plain)
    assert captioned(sheet, "GAN · epoch 50") is sheet                    # the export adds no second band
    assert captioned(plain, "x").height > plain.height
    assert without_caption(sheet).size == plain.size                       # the slide shows the sheet alone


def test_sheet_labels_read_from_the_back_row_on_their_slides(mnist_root, shared_torch_home):
    """The numbers under the GAN epoch sheet ('epoch 10: 5 classes') and the layer sweep's layer
    names are drawn at ≥ 28 px on their slides."""
    from studio import images
    from studio.demos.gan import snapshots as gan_snapshots

    sheet = gan_snapshots.series_sheet("dense")
    label = images.label_px(gan_snapshots.SERIES_CELL)
    assert slides.scale_on_slide(sheet, "Dense (MLP) GAN across epochs") * label >= 28


# Every preset not compared above, shrunk where it runs a network (the same overrides go to render()
# and to the page's handler, so the comparison is still pixel for pixel).
SMALL_DREAM = {"dream": {"size": 64, "octaves": 1, "steps": 2, "zoom_frames": 3, "zoom_steps": 1}}


@pytest.mark.parametrize("name", ["class-dream", "fractal-zoom", "layer-sweep"])
def test_the_other_dream_presets_match_the_page_handlers(name, shared_torch_home):
    from studio.demos.dream.dream import DreamSettings
    from studio.demos.dream import gradio as dream_gradio

    r = render(name, overrides=SMALL_DREAM)
    values = r.state["settings"]["dream"]
    handler = {"dream": dream_gradio.run_dream, "sweep": dream_gradio.run_sweep,
               "zoom": dream_gradio.run_zoom}[r.state["view"]]
    *_, (picture, status, files) = handler(None, None, values["layer"],
                                           *widget_values(DreamSettings, values, dream_gradio.NAMES))
    assert same(r.image, picture) and "Done" in status


def test_the_colours_kept_style_preset_matches_the_page_handler(shared_torch_home):
    from studio.demos.style.style import StyleSettings
    from studio.demos.style import gradio as style_gradio

    p = presets.get("colours-kept")
    r = render(p, overrides={"style": {"size": 64, "iterations": 3, "scales": 1}})
    values = r.state["settings"]["style"]
    assert values["colour"] == "luminance"
    *_, (picture, _, _, _) = style_gradio.stylise(p.picks["content"], None, p.picks["painting"], None,
                                                  style_gradio.NONE, None,
                                                  *widget_values(StyleSettings, values, style_gradio.NAMES))
    assert same(r.image, picture)


def test_the_epoch_sheet_and_block_presets_match_the_page(mnist_root):
    from studio.demos.gan import snapshots as snaps
    from studio.demos.denoise.compare import DenoiseSettings
    from studio.demos.denoise import gradio as denoise_gradio
    from studio.demos.gan import gradio as gan_gradio

    assert same(render("epoch-sheet").image, gan_gradio.series("dense", snaps.epochs()[-1], 0)[1])
    values = presets.settings_of(presets.get("block-occlusion"))["denoise"].to_dict()
    sheet = Image.open(denoise_gradio.compare(*[values[n] for n, _ in DenoiseSettings.controls()])[0])   # the PNG it shows
    assert same(render("block-occlusion").image, sheet)


@pytest.mark.parametrize("name", ["classic-2015", "dog-faces", "starry-night-cat"])
def test_presets_whose_weights_are_missing_say_how_to_get_them(name, shared_torch_home, tmp_path, capsys):
    """GoogLeNet's and VGG-19's ImageNet weights (and the fetched paintings) are not on this machine:
    rendering such a preset names what is missing and `make fetch`, the other presets are still drawn,
    and the command's status says a named preset failed."""
    from studio import backbones

    backbone = presets.settings_of(presets.get(name))[presets.get(name).demo].backbone
    if backbones.weights_present(backbone):
        pytest.skip(f"{backbone}'s weights are here: the preset renders")
    assert main(["render", name, "manifold-2d", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"skipped {name}" in out and "make fetch" in out
    assert (tmp_path / "manifold-2d-slide.png").is_file() and not (tmp_path / f"{name}.png").exists()


# --- Foundations and Model families ------------------------------------------------------------

def test_foundations_presets_match_the_page(mnist_root):
    from studio.demos.foundations import paint, stats
    from studio.demos.foundations import gradio as fg

    r = render("mnist-statistics")
    values = widget_values(stats.StatsSettings, r.state["settings"]["foundations.stats"], fg.STATS_FIELDS)
    assert same(r.image, fg.measure(*values, None)[2])
    # the training presets on a small budget: the page trains in slices of time, render() in one go
    small = {"foundations.paint": {"size": 32, "steps": 100}}
    r = render("paint-fourier", overrides=small)
    a = widget_values(paint.PaintSettings, r.state["settings"]["foundations.paint"], fg.PAINT_FIELDS)
    *_, (state, picture, _, _) = fg.paint_start(None, None, *a)
    assert state.step == 100 and state.settings.encoding == "fourier" and same(r.image, picture)
    r = render("fourier-race", overrides=small)
    a = widget_values(paint.PaintSettings, r.state["settings"]["foundations.paint"], fg.PAINT_FIELDS)
    b = widget_values(paint.RaceSettings, r.state["settings"]["foundations.race"], fg.RACE_FIELDS)
    *_, (race, picture, _, status) = fg.race_start(None, None, *a, *b)
    assert race.a.step == race.b.step == 100 and "B (Fourier 10)" in status and same(r.image, picture)
    r = render("paint-average", overrides={"foundations.many": {"steps": 100}})
    m = widget_values(paint.ManySettings, r.state["settings"]["foundations.many"], fg.MANY_FIELDS)
    *_, last = fg.many_start(None, *m)
    assert last[0].step == 100 and "their average" in last[-1] and same(r.image, last[1])


def test_families_presets_match_the_page(mnist_root):
    from studio.demos.families import measure as fam
    from studio.demos.families import gradio as fgr

    from studio.images import without_caption

    # the page shows a sheet without its baked caption band, the caption once under it (issue 23)
    r = render("family-samples", overrides={"families.samples": {"count": 4}})
    assert same(without_caption(r.image), fgr.samples(*widget_values(fam.SampleSettings, {"seed": 0, "count": 4},
                                                      fgr.SAMPLE_FIELDS))[0])
    r = render("pixelcnn-completion", overrides={"families.complete": {"count": 2}})
    values = widget_values(fam.CompletionSettings, r.state["settings"]["families.complete"], fgr.COMPLETE_FIELDS)
    *_, (image, caption, files) = fgr.complete(None, *values)
    assert same(r.image, image) and "test image #7, a 9," in caption and files
    assert same(without_caption(render("vae-vs-vaegan").image), fgr.reconstructions(0)[0])


def test_new_pages_links_name_each_section_and_pngs_restore_it():
    from studio import links
    from studio.demos.foundations.paint import PaintSettings, RaceSettings

    # a field two sections share is named by its section; the race's B has a default of its own
    q = links.query("foundations", {"foundations.paint": PaintSettings(image="chelsea", size=64),
                                    "foundations.race": RaceSettings(encoding="none", activation="sine")})
    assert q == {"image": "chelsea", "paint.size": "64", "race.encoding": "none", "race.activation": "sine"}
    link = links.parse("foundations", {**q, "paint.steps": "999999", "count": "1", "mask": "x"})
    assert link.values["foundations.paint"]["steps"] == 20000 and link.values["foundations.many"]["count"] == 2
    assert "maximum 20000" in " ".join(link.notices) and "'mask'" in " ".join(link.notices)
    assert links.parse("families", {"digit": "3", "complete.seed": "5"}).values == {
        "families.complete": {"digit": 3, "seed": 5}}
    # a download carries its section: restoring it sets that section, not every section with a seed
    state = links.state("families", {"families.samples": __import__("studio.demos.families.measure", fromlist=["SampleSettings"]).SampleSettings(seed=9)})
    restored = links.from_state("families", slides.settings_from_png(slides.slide_png(
        Image.new("RGB", (8, 8)), "t", "c", state)))
    assert restored.settings("families.samples").seed == 9 and restored.settings("families.live").seed == 0
    assert restored.view == "samples"
    with pytest.raises(StudioError, match="Foundations page"):
        links.from_state("families", links.state("foundations", {"foundations.race": RaceSettings()}))


def test_a_link_names_the_fields_it_sets_and_the_tab_it_opens(mnist_root):
    from studio import links

    partial = links.parse("vae", {"grid_size": "9", "view": "interp"})
    assert partial.fields() == {("vae.grid", "grid_size"): 9} and partial.opens == "interp"
    assert links.parse("vae", {"span": "2"}).opens == ""            # a partial link keeps the tab
    full = links.from_preset("vae", "manifold-2d")
    assert len(full.fields()) == sum(len(c.controls()) for c in presets.sections("vae").values())
    assert full.opens == "grid" and links.from_preset("dream", "layer-sweep").opens == "sweep"
    assert links.presenting({"present": "1"}) and not links.presenting({})
