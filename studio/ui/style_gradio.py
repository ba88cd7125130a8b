"""Gradio: the style-transfer tab. The handlers are plain functions, so tests and gradio_client call them too."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterator

import gradio as gr

from studio import backbones, style
from studio.images import gif_bytes, png_bytes, with_caption
from studio.style import StyleSettings
from studio.ui.gradio_ui import friendly, settings_components, settings_from

NONE = "none"
BALANCE = ["content_weight", "style_weight", "tv_weight"]
LAYERS = ["backbone", "content_layer", "style_layers", "layer_tilt", "style_scale"]
OPTIMISATION = ["size", "scales", "iterations", "optimizer", "init", "seed", "colour"]
# The order in which the handler receives the settings' values, after the six picker inputs.
NAMES = ["blend"] + BALANCE + LAYERS + OPTIMISATION


def _options(with_none: bool = False) -> list[tuple[str, str]]:
    return ([("(none)", NONE)] if with_none else []) + [(style.choice_label(k), k) for k in style.choices()]


def _save(image, caption: str, settings: StyleSettings, pictures: list) -> list[str]:
    """The downloads: PNG with the settings inside, the same with a caption band, the GIF."""
    folder = Path(tempfile.mkdtemp(prefix="studio-style-"))
    paths = [folder / "style-transfer.png", folder / "style-transfer-captioned.png"]
    paths[0].write_bytes(png_bytes(image, settings.to_dict(), caption))
    paths[1].write_bytes(png_bytes(with_caption(image, caption), settings.to_dict(), caption))
    if len(pictures) > 1:
        paths.append(folder / "style-transfer.gif")
        paths[2].write_bytes(gif_bytes(pictures))
    return [str(p) for p in paths]


@friendly
def stylise(content_key: str, content_upload: str | None, style_key: str, style_upload: str | None,
            style2_key: str, style2_upload: str | None, *values) -> Iterator[tuple]:
    """(picture, loss plot, status, downloads) every few iterations; the downloads at the end."""
    s = settings_from(StyleSettings, NAMES, values)
    picks = [(content_key, content_upload), (style_key, style_upload)]
    if style2_upload or (style2_key and style2_key != NONE):
        picks.append((style2_key, style2_upload))
    loaded = [style.resolve(key, upload) for key, upload in picks]
    content, paintings = loaded[0].image, [x.image for x in loaded[1:]]
    notes = [*s.notices, *(n for x in loaded for n in x.notices), *style.check_inputs(s, content, paintings)]
    caption = style.caption(s, style.short_name(*picks[0]), [style.short_name(*p) for p in picks[1:]])
    record, frame = style.Record(), None
    for frame in record.keep(style.run(s, content, paintings)):
        if not frame.done:
            status = f"Iteration {frame.step} of {frame.total}: {frame.caption}"
            yield frame.image, style.loss_figure(record.history), " ".join([*notes, status]), None
    if frame is not None:
        done = f"Done in {frame.metrics['seconds']:.1f} s. {caption}"
        yield (frame.image, style.loss_figure(record.history), " ".join([*notes, done]),
               _save(frame.image, caption, s, record.pictures))


@friendly
def swap(content_key, content_upload, style_key, style_upload):
    """The classic lecture trick: paint the painting with the photo."""
    return style_key, style_upload, content_key, content_upload


def on_backbone(backbone: str) -> str:
    note = backbones.spec(backbone).about
    if backbones.weights_present(backbone):
        return note
    return f"{note}\n\n⚠️ {backbones.missing_weights_message(backbone)}"


@friendly
def preview(key: str):
    """The picked built-in or gallery image, so the student sees what goes in."""
    return None if not key or key == NONE else style.load_choice(key).image


def _picker(label: str, default: str, with_none: bool = False) -> tuple:
    key = gr.Dropdown(choices=_options(with_none), value=default, label=label)
    shown = gr.Image(value=preview(default), show_label=False, interactive=False, height=160, type="pil")
    upload = gr.Image(label="…or upload one (used instead when present)", type="filepath", sources=["upload"],
                      height=120)
    key.change(preview, key, shown, api_name=False)
    return key, upload


def build_tab() -> None:
    with gr.Row(equal_height=False):
        with gr.Column(scale=4):
            content = _picker("Photo (content)", "sample:chelsea")
        with gr.Column(scale=1, min_width=80):
            swap_button = gr.Button("⇄ Swap", size="sm")
        with gr.Column(scale=4):
            painting = _picker("Painting (style)", style.default_style())
        with gr.Column(scale=4):
            second = _picker("Blend with a second painting", NONE, with_none=True)
            blend = settings_components(StyleSettings, ["blend"])
    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            with gr.Accordion("Balance", open=True):
                balance = settings_components(StyleSettings, BALANCE)
            with gr.Accordion("Layers", open=False):
                layers = settings_components(StyleSettings, LAYERS)
                about = gr.Markdown(on_backbone(StyleSettings.control_of("backbone").default))
            with gr.Accordion("Optimisation and colour", open=True):
                optimisation = settings_components(StyleSettings, OPTIMISATION)
        with gr.Column(scale=2):
            gr.Markdown("L-BFGS or Adam on the pixels, coarse to fine: a whole first picture appears within "
                        "seconds and is refined at each larger scale; it updates every "
                        f"{style.FRAME_EVERY} iterations.")
            with gr.Row():
                go = gr.Button("Stylise", variant="primary")
                stop = gr.Button("Stop")
            with gr.Row():
                picture = gr.Image(label="Result", type="pil", format="png", interactive=False, height=480)
                plot = gr.Plot(label="Loss terms")
            status = gr.Markdown()
            files = gr.File(label="Downloads: PNG (settings inside), PNG with caption, GIF of the optimisation",
                            file_count="multiple")
    components = {**blend, **balance, **layers, **optimisation}
    pickers = [*content, *painting, *second]
    event = go.click(stylise, pickers + [components[n] for n in NAMES], [picture, plot, status, files],
                     api_name="stylise")
    stop.click(None, None, None, cancels=[event])
    swap_button.click(swap, [*content, *painting], [*content, *painting], api_name="style_swap")
    layers["backbone"].change(on_backbone, layers["backbone"], about, api_name=False)
