"""Instant previews: a small dream / stylised picture of the current settings, made the moment a
control moves (the full-size run stays a button)."""

import numpy as np

from studio import images, presets
from studio.demos.dream import dream
from studio.demos.style import style
from studio.demos.dream import gradio as dream_gradio
from studio.demos.style import gradio as style_gradio


def test_dream_preview_is_small_deterministic_and_follows_the_layer(shared_torch_home):
    s = presets.settings_of(presets.default_preset("dream"))["dream"]
    start = dream.start_image(s).image
    a, b = dream.preview(s, start), dream.preview(s, start)
    assert max(a.size) == dream.PREVIEW_SIZE and np.array_equal(np.asarray(a), np.asarray(b))
    small_start = np.asarray(images.fit_long_side(start, dream.PREVIEW_SIZE), dtype=float)
    assert np.abs(np.asarray(a, dtype=float) - small_start).mean() > 5        # it dreamt, visibly
    early = dream.preview(dream.DreamSettings.from_values({**s.to_dict(), "layer": "features.3"}), start)
    assert np.abs(np.asarray(a, dtype=float) - np.asarray(early, dtype=float)).mean() > 5
    # the page's handler gives the same picture
    values = s.to_dict()
    widget = [dream.DreamSettings.control_of(n).to_widget(values[n]) for n in dream_gradio.NAMES]
    assert np.array_equal(np.asarray(dream_gradio.preview(None, None, s.layer, *widget)), np.asarray(a))


def test_preview_settings_keep_the_look_and_shrink_the_work():
    s = dream.DreamSettings(backbone="mobilenet_v2", layer="features.10", size=1024, octaves=6, steps=40)
    p = dream.preview_settings(s)
    assert (p.size, p.octaves, p.steps) == (dream.PREVIEW_SIZE, dream.PREVIEW_OCTAVES, dream.PREVIEW_STEPS)
    assert p.step_size > s.step_size and p.layer == s.layer and p.seed == s.seed
    st = style.StyleSettings(backbone="vgg19", size=512, scales=3, iterations=100)
    q = style.preview_settings(st)
    assert (q.size, q.scales, q.iterations) == (96, 2, 3) and q.style_weight == st.style_weight


def test_style_preview_is_small_and_moves_towards_the_painting(shared_torch_home):
    preset = presets.default_preset("style")
    s = presets.settings_of(preset)["style"]
    content, art = images.load_sample("chelsea"), images.load_sample("hubble_deep_field")
    out = style.preview(s, content, [art])
    assert max(out.size) == style.PREVIEW["mobilenet_v2"][0]
    plain = np.asarray(images.fit_long_side(content, max(out.size)).resize(out.size), dtype=float)
    assert np.abs(np.asarray(out, dtype=float) - plain).mean() > 3
    values = s.to_dict()
    widget = [style.StyleSettings.control_of(n).to_widget(values[n]) for n in style_gradio.NAMES]
    page = style_gradio.quick_preview("sample:chelsea", None, "sample:hubble_deep_field", None, style_gradio.NONE, None,
                                *widget)
    assert np.array_equal(np.asarray(page["value"]), np.asarray(out))
    assert page["label"].startswith("Instant preview: 128 px, 2 × 5 iterations (the result: 256 px")   # says what it is


def test_an_uploaded_start_is_named_by_file_and_hash_in_the_caption(shared_torch_home, upload_path):
    from studio.images import Upload

    photo = upload_path / "my cat.png"
    images.fit_long_side(images.load_sample("chelsea"), 80).save(photo)
    label = Upload("my cat.png", photo.read_bytes()).label
    s = dream.DreamSettings(backbone="mobilenet_v2", layer="features.7", start="upload", size=64, octaves=1, steps=1)
    values = s.to_dict()
    widget = [dream.DreamSettings.control_of(n).to_widget(values[n]) for n in dream_gradio.NAMES]
    *_, (picture, status, files) = dream_gradio.run_dream(str(photo), None, s.layer, *widget)
    assert f"start={label}" in status and "start=upload" not in status and label.startswith("my cat#")
    assert dream.name_uploads("x · guide=upload", None, Upload("g.png", b"1")).endswith("guide=g#" + Upload("g.png", b"1").digest)
