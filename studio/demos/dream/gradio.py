"""Gradio: the DeepDream tab. The handlers are plain generators, so tests and gradio_client call them too."""

from __future__ import annotations

from typing import Iterator

import gradio as gr

from studio import backbones
from studio.demos.dream import dream
from studio.demos.dream.dream import DreamSettings
from studio.frames import Recording
from studio.demos.dream.texts import RUNS
from studio.ui.gradio_ui import (HEAVY, LinkBar, export_files, friendly, picture, settings_components, settings_from,
                                upload, uploaded)

TARGET_FIELDS = DreamSettings.group("What to dream")
OBJECTIVE_FIELDS = [n for n in DreamSettings.group("Objective") if n != "layer"]   # the layer has its own dropdown
HOW_FIELDS = DreamSettings.group("How to dream")
ZOOM_FIELDS = DreamSettings.group("Fractal zoom")
# The order in which every handler receives the settings' values, after the two uploads and the layer.
NAMES = TARGET_FIELDS + OBJECTIVE_FIELDS + DreamSettings.group("Start") + HOW_FIELDS + ZOOM_FIELDS
MODES = {"dream": (dream.run, "deepdream"), "sweep": (dream.sweep, "deepdream-sweep"),
         "zoom": (dream.zoom, "deepdream-zoom")}


def _layer_dropdown_choices(backbone: str) -> list[tuple[str, str]]:
    return [(label, layer) for layer, label in dream.layer_options(backbone)]


def _stream(mode: str, start_upload, guide_upload, layer: str, values: tuple) -> Iterator[tuple]:
    """(picture, status, downloads) every time the run has a new picture; downloads at the end."""
    s = settings_from(DreamSettings, NAMES, values, layer=layer)
    loaded = dream.start_image(s, uploaded(start_upload))
    notices = " ".join([*s.notices, *loaded.notices])
    guide = dream.guide_image(s, uploaded(guide_upload))
    fn, name = MODES[mode]
    recording = Recording()
    for frame in recording.keep(fn(s, loaded.image, guide)):
        if frame.image is not None and not frame.done:
            yield frame.image, f"{notices} Step {frame.step} of {frame.total}: {frame.caption}".strip(), None
    frame = recording.last
    if frame is not None:
        frame.caption = dream.name_uploads(frame.caption, uploaded(start_upload), uploaded(guide_upload))
        kept = recording.pictures[:-1] if mode == "sweep" else recording.pictures   # a sweep ends on its sheet
        yield frame.image, f"{notices} Done. {frame.caption}".strip(), export_files(
            name, frame.image, frame.caption, s.to_dict(), kept, duration_ms=100 if mode == "zoom" else 120)


@friendly
def run_dream(start_upload, guide_upload, layer, *values):
    yield from _stream("dream", start_upload, guide_upload, layer, values)


@friendly
def run_sweep(start_upload, guide_upload, layer, *values):
    yield from _stream("sweep", start_upload, guide_upload, layer, values)


@friendly
def run_zoom(start_upload, guide_upload, layer, *values):
    yield from _stream("zoom", start_upload, guide_upload, layer, values)


@friendly
def preview(start_upload, guide_upload, layer, *values):
    """The instant preview: the same settings, small and short (dream.preview)."""
    s = settings_from(DreamSettings, NAMES, values, layer=layer)
    if s.start == "upload" and not start_upload:
        return None
    guide = dream.guide_image(s, uploaded(guide_upload)) if s.guide != "upload" or guide_upload else None
    if s.objective == "guide" and guide is None:
        return None
    return dream.preview(s, dream.start_image(s, uploaded(start_upload)).image, guide)


@friendly
def find_classes(query: str, backbone: str) -> str:
    return dream.class_match(query, backbone)


def about(backbone: str) -> str:
    """What the network is, and whether its weights are here (said at once, not after Run)."""
    text, note = backbones.spec(backbone).about, backbones.weights_note(backbone, dream.BACKBONES)
    return f"{text}\n\n⚠️ {note}" if note else text


def on_backbone(backbone: str, layer: str | None = None):
    """A new network has other layers: offer its groups and pick its suggested layer (a link or a
    preset that names one of its layers keeps it)."""
    keep = layer if layer in dream.dream_layers(backbone) else dream.SUGGESTED_LAYER[backbone]
    return gr.update(choices=_layer_dropdown_choices(backbone), value=keep), about(backbone)


def on_layer(backbone: str, layer: str):
    """The channel slider spans the layer's channels."""
    channels = dream.channel_count(backbone, layer)
    ctl = DreamSettings.control_of("channel")
    if channels is None:
        return gr.update(maximum=ctl.max, label=ctl.label)
    return gr.update(maximum=channels - 1, value=min(ctl.default, channels - 1),
                     label=f"{ctl.label} (0–{channels - 1})")


def on_objective(objective: str):
    """Show only the inputs the objective uses."""
    uses_layer = objective in ("layer", "channel", "guide")
    return (gr.update(visible=uses_layer), gr.update(visible=objective == "channel"),
            gr.update(visible=objective in ("logit", "softmax")), gr.update(visible=objective in ("logit", "softmax")),
            gr.update(visible=objective == "guide"), gr.update(visible=objective == "guide"))


def _runner(label: str, note: str) -> tuple:
    """Run and Stop, the picture, a status line and the downloads (events are wired later)."""
    with gr.Row():
        go = gr.Button(label, variant="primary")
        stop = gr.Button("Stop")
    shown = picture("Result")
    status = gr.Markdown()
    gr.Markdown(note)
    files = gr.File(label="Downloads: PNG (settings inside), PNG with caption, GIF", file_count="multiple")
    return go, stop, [shown, status, files]


def _wire(runner: tuple, fn, inputs: list, api_name: str) -> None:
    go, stop, outputs = runner
    event = go.click(fn, inputs, outputs, api_name=api_name, **HEAVY)
    stop.click(None, None, None, cancels=[event])


def _link_choices(values: dict) -> dict:
    """A link's layer belongs to its network: the dropdown offers that network's layers."""
    backbone = values.get("backbone", DreamSettings.control_of("backbone").default)
    return {("dream", "layer"): {"choices": _layer_dropdown_choices(backbone)}}


def on_start(start: str):
    """The upload box only when the dream starts from an upload."""
    return gr.update(visible=start == "upload")


def build_tab(link_bar: LinkBar | None = None) -> None:
    ctl = DreamSettings.control_of
    link_bar = link_bar or LinkBar("dream")
    # Projector layout: the result first and widest, the start picture and the instant preview in a
    # narrow column beside it, the long settings in a side column that scrolls on its own.
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=480, elem_classes=["studio-under-tabs"]):
            with gr.Tabs() as views:
                with gr.Tab("Dream", id="dream"):
                    dreaming = _runner("Dream", RUNS["dream"])
                with gr.Tab("Layer sweep", id="sweep"):
                    sweeping = _runner("Run the sweep", RUNS["sweep"])
                with gr.Tab("Fractal zoom", id="zoom"):
                    zooming = _runner("Run the zoom", RUNS["zoom"])
        with gr.Column(scale=1, min_width=220):
            start = settings_components(DreamSettings, ["start"])
            start_upload = upload("Your image (used when 'Start from' is 'my upload')", height=140,
                                  visible=ctl("start").default == "upload")
            quick = gr.Image(label="Instant preview: small and quick", type="pil", format="png",
                             interactive=False, height=220, buttons=[], elem_classes=["studio-pic", "studio-small"])
        with gr.Column(scale=1, min_width=300, elem_classes=["studio-side"]):
            gr.Markdown("### What to dream")
            target = settings_components(DreamSettings, TARGET_FIELDS)
            about_text = gr.Markdown(about(ctl("backbone").default))
            layer = gr.Dropdown(choices=_layer_dropdown_choices(ctl("backbone").default),
                                value=ctl("layer").default, label=ctl("layer").label, info=ctl("layer").help)
            objective_inputs = settings_components(DreamSettings, OBJECTIVE_FIELDS)
            objective_inputs["channel"].visible = False
            channel_range = on_layer(ctl("backbone").default, ctl("layer").default)
            objective_inputs["channel"].maximum = channel_range["maximum"]
            objective_inputs["channel"].label = channel_range["label"]
            objective_inputs["target_class"].visible = False
            objective_inputs["guide"].visible = False
            matches = gr.Markdown(find_classes(ctl("target_class").default, ctl("backbone").default), visible=False)
            guide_upload = upload("Your guide image", visible=False, height=140)
            gr.Markdown("### How to dream")
            how = settings_components(DreamSettings, HOW_FIELDS)
            gr.Markdown("### Fractal zoom")
            zoom = settings_components(DreamSettings, ZOOM_FIELDS)
    components = {**target, **objective_inputs, **start, **how, **zoom}
    inputs = [start_upload, guide_upload, layer] + [components[n] for n in NAMES]
    # No triggers: on load and whenever any input changes, the small dream (the network stays loaded)
    gr.on(None, preview, inputs, quick, api_name="dream_preview", trigger_mode="always_last",
          show_progress="minimal")
    _wire(dreaming, run_dream, inputs, "dream")
    _wire(sweeping, run_sweep, inputs, "dream_sweep")
    _wire(zooming, run_zoom, inputs, "dream_zoom")
    start["start"].change(on_start, start["start"], start_upload, api_name=False)
    target["backbone"].change(on_backbone, [target["backbone"], layer], [layer, about_text], api_name=False)
    link_bar.wire({("dream", n): c for n, c in {**components, "layer": layer}.items()}, adjust=_link_choices,
                  views=(views, {}))
    layer.change(on_layer, [target["backbone"], layer], objective_inputs["channel"], api_name=False)
    target["objective"].change(on_objective, target["objective"],
                               [layer, objective_inputs["channel"], objective_inputs["target_class"], matches,
                                objective_inputs["guide"], guide_upload], api_name=False)
    objective_inputs["target_class"].change(find_classes, [objective_inputs["target_class"], target["backbone"]],
                                            matches, api_name="dream_classes")
