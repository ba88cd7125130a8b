"""The style page's three approaches (issue 19): the shipped fast and supervised networks, the page's
approach switch in both front ends, the side-by-side comparison and a network learning live."""

import shutil

import numpy as np
import pytest
import torch

from studio import images
from studio.errors import StudioError

pytestmark = pytest.mark.usefixtures("shared_torch_home", "styles_dir")


@pytest.fixture
def gallery(styles_dir, monkeypatch):
    monkeypatch.setenv("STUDIO_GALLERY", str(styles_dir))
    return styles_dir


def _job(approach="fast", painting="gallery:starry_night.jpg", second="none", content="sample:chelsea", **settings):
    from studio.demos.style import page
    from studio.demos.style.style import StyleSettings

    s = StyleSettings(approach=approach, **{"size": 128, **settings})
    return page.Job(s, page.picks((content, None), (painting, None), (second, None)))


def _array(image) -> np.ndarray:
    return np.asarray(image, dtype=np.float32) / 255


def test_both_networks_are_shipped_small_and_know_their_paintings():
    from studio import zoo
    from studio.demos.style import models, networks

    assert networks.styles("fast") == models.STYLES and networks.styles("supervised") == ("starry_night",)
    for approach in ("fast", "supervised"):
        entry = zoo.entry(networks.MODELS[approach])
        assert (zoo.config.pretrained_dir() / entry["file"]).stat().st_size < 4e6
        assert entry["command"].startswith("python -m studio.training.style") and entry["seed"] == 0
        assert models.size_mb(networks.network(approach)) < 4


def test_a_blend_of_a_painting_with_itself_is_that_paintings_picture(gallery):
    alone = _job().painted().image
    blended = _job(second="gallery:starry_night.jpg", blend=0.7).painted().image
    assert np.abs(_array(alone) - _array(blended)).max() < 2 / 255
    other = _job(painting="gallery:the_scream.jpg").painted().image
    assert np.abs(_array(alone) - _array(other)).mean() > 0.02   # another painting, another picture


@pytest.mark.parametrize("photo", ["sample:chelsea", "sample:astronaut", "sample:coffee"])
def test_the_strength_input_trades_the_photo_for_the_painting_on_held_out_photos(gallery, photo):
    """The style ÷ content weight is the network's strength input: each tenfold step moves the picture
    away from the photo (content loss up), and 10 paints more of the painting than 1 (style loss down).
    Above ~100 the shipped network's style loss does not fall further on every photo (bench/fast_style.py
    measures that: strength_monotonic), so this test does not claim it."""
    from studio.demos.style import compare

    job = _job(content=photo, size=384, backbone="mobilenet_v2")
    scores = [compare.score(job.settings, job.content, job.paintings[0],
                            _job(content=photo, size=384, style_weight=w).painted().image) for w in (1, 10, 100, 1000)]
    content = [s["content"] for s in scores]
    assert content == sorted(content) and content[-1] > content[0] + 0.3, content
    assert scores[1]["style"] < 0.9 * scores[0]["style"], scores


def test_a_painting_is_known_by_its_file_not_its_name(styles_dir, tmp_path, monkeypatch):
    from studio.demos.style import networks

    shutil.copy(styles_dir / "the_scream.jpg", tmp_path / "renamed.jpg")
    shutil.copy(styles_dir / "shipwreck.jpg", tmp_path / "starry_night.jpg")   # a name that lies
    monkeypatch.setenv("STUDIO_GALLERY", str(tmp_path))
    assert networks.painting_name("gallery:renamed.jpg") == "the_scream"
    assert networks.painting_name("gallery:starry_night.jpg") == "shipwreck"
    assert networks.painting_name("gallery:../renamed.jpg") is None
    data = (styles_dir / "starry_night.jpg").read_bytes()
    assert networks.painting_name("upload:x.jpg", images.Upload("x.jpg", data)) == "starry_night"
    assert networks.painting_name("sample:coffee") is None


def test_a_painting_the_network_does_not_know_gets_a_sentence(gallery):
    with pytest.raises(StudioError, match="only knows The Starry Night, The Scream"):
        _job(painting="sample:coffee").live()
    with pytest.raises(StudioError, match="only knows The Starry Night"):
        _job(approach="supervised", painting="gallery:the_scream.jpg").live()


def test_weights_outside_the_trained_range_are_drawn_at_its_edge_and_said(gallery):
    job = _job(style_weight=1e5)
    assert "trained for style ÷ content weights from 1 to 1000" in job.approach_note
    same = _job(style_weight=1e3)
    assert np.array_equal(_array(job.painted().image), _array(same.painted().image))
    assert "learnt one balance" in _job(approach="supervised", style_weight=100).approach_note


def test_a_networks_caption_names_what_made_it_and_no_optimisation_setting(gallery):
    job = _job(colour="luminance")
    result, line = job.live()
    assert "approach=fast" in result.caption and "style=starry_night" in result.caption
    assert "iterations=" not in result.caption and "blend=" not in result.caption   # one painting: no share
    assert line.startswith("One pass of the network:") and result.frames == []
    photo = images.to_tensor(job.content)
    from studio.demos.style import style

    chroma = style.to_ycbcr(style.fit(photo, 128))[:, 1:]
    kept = style.to_ycbcr(images.to_tensor(result.image))[:, 1:]
    assert (kept - chroma).abs().mean() < 0.02   # the photo's colours kept


def test_the_three_approaches_are_measured_under_one_objective(gallery):
    from studio.demos.style import compare, page

    job = _job(approach="gatys", size=64, scales=1, iterations=5, backbone="mobilenet_v2")
    frames = list(job.compare())
    last = frames[-1]
    assert last.done and frames[0].step == 0
    assert {"fast.style", "supervised.style", "gatys.style", "gatys.seconds"} <= set(last.metrics)
    recording = page.Recording()
    list(recording.keep(iter(frames)))
    result = job.compared(recording)
    assert result.image.width > 3 * 64 and "Three approaches" in result.caption
    # the table's numbers are recomputed here from the fast network's picture: the same objective
    again = compare.score(compare.settings_for(job.settings), job.content, job.paintings[0],
                          _job(size=64).painted().image)
    assert again["style"] == pytest.approx(last.metrics["fast.style"], rel=1e-3)
    text = job.compared_text(recording)
    assert "| 2. Optimise (Gatys) |" in text and "spent" in text and "paid once" in text


def test_the_gradio_comparison_streams_the_sheet_then_its_table_and_downloads(gallery):
    """The side-by-side view as the Gradio tab shows it (page.Job.compare_views): the sheet as it fills with
    its caption and no downloads yet, then the finished sheet with the table and its three downloads."""
    from studio.demos.style import gradio as style_gradio
    from studio.demos.style.style import StyleSettings

    s = StyleSettings(approach="gatys", size=64, scales=1, iterations=5, backbone="mobilenet_v2").to_dict()
    values = [StyleSettings.control_of(n).to_widget(s[n]) for n in style_gradio.NAMES]
    views = list(style_gradio.three("sample:chelsea", None, "gallery:starry_night.jpg", None, "none", None, *values))
    assert len(views) > 1 and all(files is None and image is not None for image, _, files in views[:-1])
    image, text, files = views[-1]
    assert image.width > 3 * 64 and "| 2. Optimise (Gatys) |" in text and "paid once" in text
    assert [f.rsplit(".", 1)[1] for f in files] == ["png", "png", "png"]   # PNG, captioned, slide: no GIF


def test_a_fresh_network_learns_the_painting_within_seconds(gallery):
    from studio.demos.style import learn

    torch.manual_seed(0)
    s = learn.LearnSettings(seconds=8, crop=64, learning_rate=1e-2)
    job = _job(approach="gatys")
    frames = list(job.learn(s))
    assert frames[-1].done and frames[-1].metrics["step"] >= 2   # dozens alone; a busy machine gets few
    first, last = _array(frames[0].image), _array(frames[-1].image)
    photo = _array(images.to_pil(learn.style.fit(images.to_tensor(job.content), learn.SHOW_SIDE)))
    assert np.abs(last - photo).mean() > np.abs(first - photo).mean()   # it moved away from the photo
    assert "never trained on" in job.learnt(s, _recorded(frames)).caption


def _recorded(frames):
    from studio.frames import Recording

    recording = Recording()
    list(recording.keep(iter(frames)))
    return recording


def test_the_learning_view_refuses_hostile_uploads_before_training(gallery, upload_path):
    from hostile_files import files

    from studio.demos.style import gradio as style_gradio
    from studio.demos.style.learn import LearnSettings

    learning = [ctl.to_widget(ctl.default) for _, ctl in LearnSettings.controls()]
    values = [style_gradio.StyleSettings.control_of(n).to_widget(style_gradio.StyleSettings.control_of(n).default)
              for n in style_gradio.NAMES]
    refused = [(name, data) for name, data, expect in files() if expect == "message"]
    assert refused
    for name, data in refused:
        path = upload_path / name
        path.write_bytes(data)
        with pytest.raises(StudioError) as told:   # a sentence (Gradio shows it), before any training
            next(style_gradio.train("sample:chelsea", str(path), "gallery:starry_night.jpg", None, "none", None,
                                    *values, *learning))
        assert str(told.value).endswith(".") and len(str(told.value)) > 12, name


def test_streamlit_answers_the_sliders_with_the_fast_network_without_a_run(gallery):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).parents[1] / "app.py"), default_timeout=120).run()
    at.switch_page("pages/2_Style_transfer.py").run()
    at.selectbox(key="style.approach").set_value("fast").run()
    assert not at.exception and not at.error
    assert not [b for b in at.button if b.key == "style.run"]   # nothing to press
    lines = [c.value for c in at.caption]
    assert any(v.startswith("One pass of the network") and "strength 10" in v for v in lines), lines
    at.slider(key="style.style_weight").set_value(3.0).run()   # the log slider: 10³, and the picture follows
    assert not at.exception and not at.error
    assert any(v.startswith("One pass of the network") and "strength 1e+03" in v for v in (c.value for c in at.caption))
    assert [b.label for b in at.get("download_button")][:3] == ["PNG", "PNG with caption", "Slide"]


def test_gradio_live_handler_paints_on_every_change_and_hides_the_run(gallery):
    from studio.demos.style import gradio as style_gradio

    values = {n: style_gradio.StyleSettings.control_of(n).to_widget(style_gradio.StyleSettings.control_of(n).default)
              for n in style_gradio.NAMES}
    values |= {"approach": "fast", "size": 128}
    image, plot, status, files = style_gradio.live("sample:chelsea", None, "gallery:starry_night.jpg", None, "none",
                                                   None, *[values[n] for n in style_gradio.NAMES])
    assert image.size == (128, 85) and plot is None and "One pass of the network" in status
    assert [f.rsplit(".", 1)[1] for f in files] == ["png", "png", "png"]   # PNG, captioned, slide: no GIF
    # the approach switch hides Stylise, Stop, the instant preview, the loss plot and the note on a run (show_when),
    # and shows the note that a network's result follows every control
    import gradio as gr

    from studio.demos.style.texts import LIVE

    with gr.Blocks() as app:
        style_gradio.build_tab()
    stylise = next(b for b in app.blocks.values() if isinstance(b, gr.Button) and b.value == "Stylise")
    (hide,) = [fn for fn in app.fns.values() if fn.fn is not None and stylise in fn.outputs]
    assert [u.get("visible") for u in hide.fn("fast")] == [False] * 5
    assert [u.get("visible") for u in hide.fn("gatys")] == [True] * 5
    live_note = next(b for b in app.blocks.values() if isinstance(b, gr.Markdown) and b.value == LIVE)
    (show,) = [fn for fn in app.fns.values() if fn.fn is not None and fn.outputs == [live_note]]
    assert show.fn("fast")["visible"] and not show.fn("gatys")["visible"]
    values["approach"] = "gatys"
    untouched = style_gradio.live("sample:chelsea", None, "gallery:starry_night.jpg", None, "none", None,
                                  *[values[n] for n in style_gradio.NAMES])
    assert all(u == {"__type__": "update"} for u in untouched)


def test_the_new_presets_render_their_views(gallery):
    """make slides renders every preset: the side-by-side and the learning views through the page's Job."""
    from dataclasses import replace

    from studio import presets
    from studio.render import render

    picks = {"content": "sample:astronaut", "painting": "gallery:starry_night.jpg"}
    three = render(replace(presets.get("three-approaches"), picks=picks),
                   overrides={"style": {"size": 64, "scales": 1, "iterations": 3}})
    assert three.image.width > 3 * 64 and three.caption.startswith("Three approaches:")
    assert three.state["view"] == "compare"
    learnt = render(replace(presets.get("watch-learn"), picks=picks), overrides={"style.learn": {"seconds": 5, "crop": 64}})
    assert "shown on astronaut (never trained on)" in learnt.caption and learnt.state["view"] == "learn"
    fast = render(replace(presets.get("fast-network"), picks=picks), overrides={"style": {"size": 128}})
    assert fast.image.size == (128, 128) and "approach=fast" in fast.caption


def test_each_views_png_names_the_style_page_its_view_and_picks(gallery):
    from studio import links
    from studio.demos.style import learn

    result, _ = _job().live()
    assert result.settings["demo"] == "style" and result.settings["view"] == "style"
    assert result.settings["picks"] == {"content": "sample:chelsea", "painting": "gallery:starry_night.jpg"}
    recording = _recorded([_job().painted()])
    job = _job()
    assert job.compared(recording).settings["view"] == "compare"
    s = learn.LearnSettings(seconds=7)
    state = job.learnt(s, recording).settings
    assert state["view"] == "learn" and state["settings"]["style.learn"]["seconds"] == 7
    restored = links.from_state("style", state)   # it restores on its own page, onto its view
    assert restored.opens == "learn"
    with pytest.raises(StudioError, match="made by the Style transfer page"):
        links.from_state("dream", state)
