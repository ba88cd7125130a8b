"""Gradio: the DeepDream tab. The handlers are plain generators, so tests and gradio_client call them too."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterator

import gradio as gr

from studio import backbones, dream
from studio.dream import DreamSettings
from studio.frames import Frame
from studio.images import gif_bytes, png_bytes, with_caption
from studio.ui.gradio_ui import friendly, settings_components, settings_from

TARGET_FIELDS = ["backbone", "objective"]
OBJECTIVE_FIELDS = ["channel", "target_class", "guide"]
HOW_FIELDS = ["size", "octaves", "octave_scale", "steps", "step_size", "jitter", "smoothing", "seed"]
ZOOM_FIELDS = ["zoom_frames", "zoom_steps", "zoom_scale", "zoom_rotation"]
# The order in which every handler receives the settings' values, after the two uploads and the layer.
NAMES = TARGET_FIELDS + OBJECTIVE_FIELDS + ["start"] + HOW_FIELDS + ZOOM_FIELDS
MODES = {"dream": (dream.run, "deepdream"), "sweep": (dream.sweep, "deepdream-sweep"),
         "zoom": (dream.zoom, "deepdream-zoom")}


def _layer_dropdown_choices(backbone: str) -> list[tuple[str, str]]:
    return [(label, layer) for layer, label in dream.layer_options(backbone)]


def _save(image, caption: str, settings: DreamSettings, frames: list, name: str) -> list[str]:
    """The downloads: PNG with the settings inside, the same with a caption band, and the GIF."""
    folder = Path(tempfile.mkdtemp(prefix="studio-dream-"))
    paths = [folder / f"{name}.png", folder / f"{name}-captioned.png"]
    paths[0].write_bytes(png_bytes(image, settings.to_dict(), caption))
    paths[1].write_bytes(png_bytes(with_caption(image, caption), settings.to_dict(), caption))
    if len(frames) > 1:
        paths.append(folder / f"{name}.gif")
        paths[2].write_bytes(gif_bytes(frames, duration_ms=100 if name.endswith("zoom") else 120))
    return [str(p) for p in paths]


def _stream(mode: str, start_upload: str | None, guide_upload: str | None, layer: str,
            values: tuple) -> Iterator[tuple]:
    """(picture, status, downloads) every time the run has a new picture; downloads at the end."""
    s = settings_from(DreamSettings, NAMES, values, layer=layer)
    loaded = dream.start_image(s, start_upload)
    notices = " ".join([*s.notices, *loaded.notices])
    guide = dream.guide_image(s, guide_upload)
    fn, name = MODES[mode]
    kept: list = []
    frame: Frame | None = None
    for frame in fn(s, loaded.image, guide):
        if frame.image is not None and not frame.done:
            kept.append(frame.image)
            yield frame.image, f"{notices} Step {frame.step} of {frame.total}: {frame.caption}".strip(), None
    if frame is not None:
        kept = kept if mode == "sweep" else kept + [frame.image]
        yield frame.image, f"{notices} Done. {frame.caption}".strip(), _save(frame.image, frame.caption, s,
                                                                            kept, name)


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
def find_classes(query: str, backbone: str) -> str:
    hits = dream.search_classes(query, backbone)
    if not hits:
        return "No ImageNet class matches yet: try a simpler word."
    best = f"Dreaming of **{hits[0][1]}** (class {hits[0][0]})."
    return best + (" Also matching: " + ", ".join(n for _, n in hits[1:]) if len(hits) > 1 else "")


def on_backbone(backbone: str):
    """A new network has other layers: offer its groups and pick its suggested layer."""
    return (gr.update(choices=_layer_dropdown_choices(backbone), value=dream.SUGGESTED_LAYER[backbone]),
            backbones.spec(backbone).about)


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
    gr.Markdown(note)
    with gr.Row():
        go = gr.Button(label, variant="primary")
        stop = gr.Button("Stop")
    picture = gr.Image(label="Result", type="pil", format="png", interactive=False, height=560)
    status = gr.Markdown()
    files = gr.File(label="Downloads: PNG (settings inside), PNG with caption, GIF", file_count="multiple")
    return go, stop, [picture, status, files]


def _wire(runner: tuple, fn, inputs: list, api_name: str) -> None:
    go, stop, outputs = runner
    event = go.click(fn, inputs, outputs, api_name=api_name)
    stop.click(None, None, None, cancels=[event])


def build_tab() -> None:
    ctl = DreamSettings.control_of
    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            gr.Markdown("### What to dream")
            target = settings_components(DreamSettings, TARGET_FIELDS)
            about = gr.Markdown(backbones.spec(ctl("backbone").default).about)
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
            guide_upload = gr.Image(label="Your guide image", type="filepath", sources=["upload"], visible=False)
            gr.Markdown("### How to dream")
            how = settings_components(DreamSettings, HOW_FIELDS)
        with gr.Column(scale=2):
            with gr.Row():
                start = settings_components(DreamSettings, ["start"])
                start_upload = gr.Image(label="Your image (used when 'Start from' is 'my upload')",
                                        type="filepath", sources=["upload"], height=200)
            with gr.Tabs():
                with gr.Tab("Dream"):
                    dreaming = _runner("Dream", "Gradient ascent on the picture, smallest octave first; "
                                       f"it updates every {dream.PREVIEW_EVERY} steps.")
                with gr.Tab("Layer sweep"):
                    sweeping = _runner("Run the sweep", "The same picture dreamt through each layer of the groups, "
                                       "early to late, on one labelled sheet. About nine dreams' time: lower the "
                                       "size for a quick look.")
                with gr.Tab("Fractal zoom"):
                    with gr.Row():
                        zoom = settings_components(DreamSettings, ZOOM_FIELDS)
                    zooming = _runner("Run the zoom", "Each frame dreams a few steps, then zooms a little into "
                                      "the result; the GIF is in the downloads.")
    components = {**target, **objective_inputs, **start, **how, **zoom}
    inputs = [start_upload, guide_upload, layer] + [components[n] for n in NAMES]
    _wire(dreaming, run_dream, inputs, "dream")
    _wire(sweeping, run_sweep, inputs, "dream_sweep")
    _wire(zooming, run_zoom, inputs, "dream_zoom")
    target["backbone"].change(on_backbone, target["backbone"], [layer, about], api_name=False)
    layer.change(on_layer, [target["backbone"], layer], objective_inputs["channel"], api_name=False)
    target["objective"].change(on_objective, target["objective"],
                               [layer, objective_inputs["channel"], objective_inputs["target_class"], matches,
                                objective_inputs["guide"], guide_upload], api_name=False)
    objective_inputs["target_class"].change(find_classes, [objective_inputs["target_class"], target["backbone"]],
                                            matches, api_name="dream_classes")
