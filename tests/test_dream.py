"""DeepDream core on tiny images (random-weight networks unless the test needs ImageNet ones)."""

import copy
import io
from pathlib import Path

import gradio as gr
import numpy as np
import pytest
import torch
from PIL import Image
from streamlit.testing.v1 import AppTest

from studio import backbones, images
from studio.demos.dream import dream
from studio.errors import StudioError
from studio.demos.dream import gradio as dream_gradio


def tiny(**kw) -> dream.DreamSettings:
    values = dict(backbone="mobilenet_v2", layer="features.7", size=64, octaves=1, steps=4, step_size=0.02,
                  jitter=4, smoothing=0.5, seed=1)
    return dream.DreamSettings.from_values({**values, **kw})


def photo(w=80, h=60) -> Image.Image:
    return images.fit_long_side(images.load_sample("chelsea"), max(w, h)).resize((w, h))


def finish(frames):
    frames = list(frames)
    return frames, frames[-1]


def diff(a: Image.Image, b: Image.Image) -> float:
    return float(np.abs(np.asarray(a, np.float32) - np.asarray(b, np.float32)).mean() / 255)


def test_the_objective_rises_and_the_result_has_the_input_size():
    frames, last = finish(dream.run(tiny(steps=8), photo(80, 60), pretrained=False))
    scores = [f.metrics["score"] for f in frames]
    assert len(frames) == 8 and last.done
    assert scores[-1] > scores[0] * 1.2, scores
    assert last.image.size == (80, 60)
    assert any(f.image is not None for f in frames[:-1])       # intermediate pictures are streamed
    assert "layer=features.7" in last.caption and "steps=8" in last.caption


def test_octaves_carry_detail_up_to_full_size():
    s = tiny(octaves=3, octave_scale=1.5, steps=2, size=96)
    frames, last = finish(dream.run(s, photo(96, 72), pretrained=False))
    assert [f.metrics["octave"] for f in frames] == [1, 1, 2, 2, 3, 3]
    assert last.image.size == (96, 72)
    assert dream.octave_sizes(72, 96, 8, 1.5) == [(72, 96), (48, 64), (32, 43)]  # stops at 32 px


def test_same_seed_same_image_and_another_seed_another():
    a = finish(dream.run(tiny(), photo(), pretrained=False))[1].image
    b = finish(dream.run(tiny(), photo(), pretrained=False))[1].image
    c = finish(dream.run(tiny(seed=2), photo(), pretrained=False))[1].image
    assert np.array_equal(np.asarray(a), np.asarray(b))
    assert diff(a, c) > 1e-3


def test_channel_and_class_objectives_change_the_image_differently(shared_torch_home):
    start = photo(96, 72)
    out = {o: finish(dream.run(tiny(objective=o, size=96, steps=6), start))[1].image
           for o in ("layer", "channel", "logit")}
    for o, img in out.items():
        assert diff(img, start) > 0.02, o                         # each objective really dreams
    assert diff(out["layer"], out["channel"]) > 0.02
    assert diff(out["layer"], out["logit"]) > 0.02
    assert diff(out["channel"], out["logit"]) > 0.02


def test_class_objective_raises_the_class_probability(shared_torch_home):
    s = tiny(objective="softmax", target_class="goldfish", size=128, octaves=2, steps=6, step_size=0.03)
    start = photo(128, 96)
    result = finish(dream.run(s, start))[1].image
    bb = backbones.load_backbone("mobilenet_v2")
    index, name = dream.find_class("goldfish")

    def prob(img):
        with torch.inference_mode():
            return bb.extractor(["logits"])(images.to_tensor(img))["logits"].softmax(1)[0, index].item()

    assert name == "goldfish" and prob(result) > 10 * prob(start)


def test_the_dream_increases_the_target_layer_by_a_clear_margin(shared_torch_home):
    s = tiny(layer="features.10", size=160, octaves=2, steps=6, step_size=0.01)
    start = photo(160, 120)
    result = finish(dream.run(s, start))[1].image
    extractor = backbones.load_backbone("mobilenet_v2").extractor(["features.10"])

    def energy(img):
        with torch.inference_mode():
            return extractor(images.to_tensor(img))["features.10"].pow(2).mean().item()

    assert energy(result) > 2 * energy(start), (energy(start), energy(result))


def test_guided_dream_moves_features_toward_the_guide():
    s = tiny(objective="guide", guide="coffee", steps=6)
    guide = dream.guide_image(s)
    frames, last = finish(dream.run(s, photo(), guide, pretrained=False))
    assert frames[-1].metrics["score"] > frames[0].metrics["score"]
    plain = finish(dream.run(tiny(steps=6), photo(), pretrained=False))[1].image
    assert diff(last.image, plain) > 0.01
    assert "guide=coffee" in last.caption and "channel" not in last.caption


def test_fractal_zoom_yields_n_frames_of_the_same_size():
    s = tiny(zoom_frames=4, zoom_steps=1, zoom_scale=1.1, zoom_rotation=3)
    frames = list(dream.zoom(s, photo(), pretrained=False))
    assert len(frames) == 4 and frames[-1].done
    assert all(f.image.size == (80, 60) for f in frames)
    assert diff(frames[0].image, frames[-1].image) > 0.02        # the zoom really moves in
    assert "zoom_frames=4" in frames[-1].caption
    assert images.gif_bytes([f.image for f in frames])[:6] == b"GIF89a"


def test_layer_sweep_is_one_labelled_sheet():
    s = tiny(steps=1)
    frames = list(dream.sweep(s, photo(), layers=["features.2", "features.7"], pretrained=False))
    sheet = frames[-1].image
    assert frames[-1].done and sheet.width > 2 * 64                  # two cells side by side
    assert "layer sweep" in frames[-1].caption and "layer=" not in frames[-1].caption
    with pytest.raises(StudioError, match="whole layer"):
        next(dream.sweep(tiny(objective="channel"), photo(), pretrained=False))


def test_start_from_noise_and_huge_uploads_are_downscaled_with_a_notice():
    noise = dream.start_image(tiny(start="noise", size=128)).image
    assert max(noise.size) == 128
    buf = io.BytesIO()
    Image.new("RGB", (3000, 2000), (200, 120, 40)).save(buf, "PNG")
    loaded = dream.start_image(tiny(start="upload", size=256), buf.getvalue())
    assert loaded.image.size == (256, 171)
    assert any("scaled down" in n for n in loaded.notices)
    with pytest.raises(StudioError, match="upload"):
        dream.start_image(tiny(start="upload"))


def test_unknown_layers_channels_and_classes_are_refused_with_a_sentence():
    with pytest.raises(StudioError, match="MobileNetV2 has no layer called 'inception4c'"):
        tiny(layer="inception4c")
    with pytest.raises(StudioError, match="not an option"):
        tiny(backbone="resnet50")
    with pytest.raises(StudioError, match="has 32 channels"):
        next(dream.run(tiny(objective="channel", layer="features.6", channel=40), photo(), pretrained=False))
    with pytest.raises(StudioError, match="No ImageNet class"):
        dream.find_class("zzzqqq")
    assert dream.find_class("jellyfish") == (107, "jellyfish")
    assert dream.find_class("207")[0] == 207
    assert [n for _, n in dream.search_classes("retriever")][:2] == ["golden retriever", "Labrador retriever"]


@pytest.mark.parametrize("name,layer", [("googlenet", "inception4c"), ("vgg16", "relu3_3"),
                                        ("mobilenet_v2", "features.10")])
def test_the_fast_extractor_computes_what_the_backbone_does(name, layer):
    plain = copy.deepcopy(backbones.load_backbone(name, pretrained=False).extractor([layer]))
    g = torch.Generator().manual_seed(0)
    for m in plain.modules():  # realistic magnitudes and BatchNorm statistics, not the tiny init values
        if isinstance(m, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(m.weight, generator=g)
        if isinstance(m, torch.nn.BatchNorm2d):
            for t in (m.weight, m.bias, m.running_mean):
                t.copy_(torch.rand(t.shape, generator=g) - 0.5)
            m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
    fast = dream.fold_batchnorm(copy.deepcopy(plain)).to(memory_format=torch.channels_last)
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in fast.modules())
    x = torch.rand(1, 3, 96, 64)
    with torch.inference_mode():
        a, b = plain(x)[layer], fast(x.contiguous(memory_format=torch.channels_last))[layer]
    assert ((a - b).norm() / a.norm()).item() < 1e-4
    cached = dream.fast_extractor(name, (layer,), False, "cpu")
    assert len(cached.stages) == len(plain.stages) < len(backbones.spec(name).stage_names)  # stops at the layer


def test_layer_groups_are_offered_with_their_real_names():
    options = dream.layer_options("googlenet")
    assert options[0] == ("conv2", "early · conv2") and ("inception4c", "middle · inception4c") in options
    assert dream.DreamSettings.control_of("layer").default in dream.dream_layers(dream.default_backbone())


# --- front ends -------------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def test_streamlit_page_dreams_with_a_tiny_preset(shared_torch_home):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/1_DeepDream.py").run()
    assert not at.exception and not at.error
    assert at.select_slider(key="dream.layer.mobilenet_v2").value == "features.10"
    at.slider(key="dream.size").set_value(96)
    at.slider(key="dream.octaves").set_value(2)
    at.slider(key="dream.steps").set_value(2)
    at.select_slider(key="dream.layer.mobilenet_v2").set_value("features.4")
    at.button(key="dream.dream.run").click().run()
    assert not at.exception and not at.error
    captions = [caption for img in at.get("image") for caption in img.captions]
    result = [c for c in captions if c.startswith("DeepDream ·")]
    assert result and "layer=features.4" in result[0] and "size=96" in result[0] and "steps=2" in result[0]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["PNG", "PNG with caption", "Slide", "GIF"]


def test_streamlit_zoom_shows_its_last_frame_beside_its_gif(shared_torch_home):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/1_DeepDream.py").run()
    at.slider(key="dream.size").set_value(64)
    at.slider(key="dream.zoom_frames").set_value(2)
    at.slider(key="dream.zoom_steps").set_value(1)
    at.button(key="dream.zoom.run").click().run()
    assert not at.exception and not at.error
    captions = [caption for img in at.get("image") for caption in img.captions]
    last = [c for c in captions if c.startswith("last frame · DeepDream fractal zoom ·")]
    assert last and "zoom_frames=2" in last[0] and "the zoom, as a GIF" in captions
    assert [b.proto.label for b in at.get("download_button")] == ["PNG", "PNG with caption", "Slide", "GIF"]


def test_streamlit_page_explains_an_unknown_class_instead_of_crashing(shared_torch_home):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/1_DeepDream.py").run()
    at.selectbox(key="dream.objective").set_value("logit").run()
    at.text_input(key="dream.class").set_value("zzzqqq").run()
    assert "No ImageNet class matches" in " ".join(c.value for c in at.caption)
    at.slider(key="dream.size").set_value(64)
    at.button(key="dream.dream.run").click().run()
    assert not at.exception and "No ImageNet class" in at.error[0].value


def _values(**kw):
    defaults = {n: (ctl.widget_range()[3] if ctl.kind in ("int", "float") else ctl.default)
                for n, ctl in dream.DreamSettings.controls()}
    return [{**defaults, **kw}[n] for n in dream_gradio.NAMES]


def test_gradio_dream_streams_frames_then_the_downloads(shared_torch_home):
    out = list(dream_gradio.run_dream(None, None, "features.7", *_values(size=96, octaves=2, steps=3)))
    assert len(out) >= 3                                           # pictures while it works, then the result
    assert all(pic.size == (96, 64) for pic, _, _ in out)
    assert all(files is None for _, _, files in out[:-1])
    files = out[-1][2]
    assert [Path(f).name for f in files][2:] == ["deepdream-slide.png", "deepdream.gif"]
    assert Image.open(files[2]).size == (1920, 1080)
    assert "layer=features.7" in Image.open(files[0]).info["Description"]
    zoom = list(dream_gradio.run_zoom(None, None, "features.7", *_values(size=64, zoom_frames=3, zoom_steps=1)))
    assert len(zoom) == 3 and zoom[-1][2][-1].endswith(".gif")


def test_gradio_layer_menu_offers_a_new_networks_layers_and_keeps_a_links_own():
    from studio.demos.dream import page
    from studio.ui.gradio_ui import control_update

    def menu(layer):   # what the layer menu shows once the network is GoogLeNet (the layer was `layer`)
        return control_update(page.objective_control("layer", {"backbone": "googlenet", "layer": layer}, slider=False))

    offered = menu("features.7")   # MobileNetV2's layer: GoogLeNet has none of that name
    assert offered["value"] == dream.SUGGESTED_LAYER["googlenet"]
    assert offered["choices"][2] == ("early · inception3a", "inception3a")
    assert [c for _, c in offered["choices"]] == [layer for layer, _ in dream.layer_options("googlenet")]
    assert menu("inception3a")["value"] == "inception3a"   # a link or a preset naming one of its layers


def test_gradio_shows_a_message_for_a_missing_upload():
    with pytest.raises(gr.Error, match="upload"):
        list(dream_gradio.run_dream(None, None, "features.7", *_values(start="upload")))


def _step_with(scale: float, objective_kind: str = "channel"):
    """One ascent step whose objective's gradient is scaled by `scale` (0: a dead channel)."""
    s = dream.DreamSettings(backbone="mobilenet_v2", layer="features.10", objective=objective_kind, channel=12,
                            jitter=0, smoothing=0.0, step_size=0.01)
    objective = dream.Objective(("x",), lambda acts: (acts["x"] * scale).mean(), "mean of features.10 channel 12")
    image = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    return image, dream.ascent_step(image.clone(), lambda x: {"x": x}, objective, s, torch.Generator())[0]


def test_a_tiny_gradient_still_moves_the_picture():
    """1e-12 was the normaliser's floor: a gradient of 1e-16 per pixel (random weights) left the picture as it was."""
    image, after = _step_with(1e-13)
    assert (after - image).abs().max() > 5e-3


def test_a_zero_gradient_says_which_channel_does_not_respond_and_stops():
    with pytest.raises(StudioError, match="Mean of features.10 channel 12 does not respond to this picture.*"
                                          "try another channel or layer"):
        _step_with(0.0)
