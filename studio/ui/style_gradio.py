"""Gradio: the style-transfer tab. The handlers are plain functions, so tests and gradio_client call them too."""

from __future__ import annotations

from typing import Iterator

import gradio as gr

from studio import backbones, gallery, paintings, style
from studio.frames import Recording
from studio.style import StyleSettings
from studio.texts.style import RUN
from studio.ui.gradio_ui import (HEAVY, LinkBar, export_files, friendly, settings_components, settings_from, upload,
                                uploaded)

NONE = "none"
# The order in which the handler receives the settings' values, after the six picker inputs.
NAMES = ["blend"] + [name for names in StyleSettings.groups.values() for name in names]


def _options(with_none: bool = False) -> list[tuple[str, str]]:
    return ([("(none)", NONE)] if with_none else []) + [(gallery.choice_label(k), k) for k in gallery.choices()]


def _picks(content_key, content_upload, style_key, style_upload, style2_key, style2_upload) -> list[tuple]:
    """(key, upload) of the photo and the painting(s): the second painting only when one is chosen."""
    picks = [(content_key, uploaded(content_upload)), (style_key, uploaded(style_upload))]
    second = uploaded(style2_upload)
    if second or (style2_key and style2_key != NONE):
        picks.append((style2_key, second))
    return picks


@friendly
def stylise(content_key: str, content_upload: str | None, style_key: str, style_upload: str | None,
            style2_key: str, style2_upload: str | None, *values) -> Iterator[tuple]:
    """(picture, loss plot, status, downloads) every few iterations; the downloads at the end."""
    s = settings_from(StyleSettings, NAMES, values)
    picks = _picks(content_key, content_upload, style_key, style_upload, style2_key, style2_upload)
    loaded = [gallery.resolve(key, file) for key, file in picks]
    content, paintings = loaded[0].image, [x.image for x in loaded[1:]]
    notes = [*s.notices, *(n for x in loaded for n in x.notices), *style.check_inputs(s, content, paintings)]
    caption = style.caption(s, gallery.short_name(*picks[0]), [gallery.short_name(*p) for p in picks[1:]])
    record, frame = Recording(), None
    for frame in record.keep(style.run(s, content, paintings)):
        if not frame.done:
            status = f"Iteration {frame.step} of {frame.total}: {frame.caption}"
            yield frame.image, style.loss_figure(record.history), " ".join([*notes, status]), None
    if frame is not None:
        done = f"Done in {frame.metrics['seconds']:.1f} s. {caption}"
        yield (frame.image, style.loss_figure(record.history), " ".join([*notes, done]),
               export_files("style-transfer", frame.image, caption, s.to_dict(), record.pictures))


@friendly
def quick_preview(content_key, content_upload, style_key, style_upload, style2_key, style2_upload, *values):
    """The instant preview: the same settings and pictures, small and short (style.preview)."""
    s = settings_from(StyleSettings, NAMES, values)
    picks = _picks(content_key, content_upload, style_key, style_upload, style2_key, style2_upload)
    loaded = [gallery.resolve(key, file) for key, file in picks]
    return style.preview(s, loaded[0].image, [x.image for x in loaded[1:]])


@friendly
def swap(content_key, content_upload, style_key, style_upload):
    """The classic lecture trick: paint the painting with the photo."""
    return style_key, style_upload, content_key, content_upload


def on_backbone(backbone: str) -> str:
    about, note = backbones.spec(backbone).about, backbones.weights_note(backbone, style.BACKBONES)
    return f"{about}\n\n⚠️ {note}" if note else about


@friendly
def preview(key: str):
    """The picked built-in or gallery image, so the student sees what goes in."""
    return None if not key or key == NONE else gallery.load_choice(key).image


def _picker(label: str, default: str, with_none: bool = False) -> tuple:
    key = gr.Dropdown(choices=_options(with_none), value=default, label=label)
    shown = gr.Image(value=preview(default), show_label=False, interactive=False, height=160, type="pil")
    file = upload("…or upload one (used instead when present)", height=120)
    key.change(preview, key, shown, api_name=False)
    return key, file


def build_tab() -> None:
    link_bar = LinkBar("style")
    if paintings.missing_note():
        gr.Markdown(f"ℹ️ {paintings.missing_note()}")
    with gr.Row(equal_height=False):
        with gr.Column(scale=4):
            content = _picker("Photo (content)", "sample:chelsea")
        with gr.Column(scale=1, min_width=80):
            swap_button = gr.Button("⇄ Swap", size="sm")
        with gr.Column(scale=4):
            painting = _picker("Painting (style)", gallery.default_painting())
        with gr.Column(scale=4):
            second = _picker("Blend with a second painting", NONE, with_none=True)
            blend = settings_components(StyleSettings, ["blend"])
    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            components = dict(blend)
            for title, names in StyleSettings.groups.items():
                with gr.Accordion(title, open=title != "Layers"):
                    components |= settings_components(StyleSettings, list(names))
                    if title == "Layers":
                        about = gr.Markdown(on_backbone(StyleSettings.control_of("backbone").default))
        with gr.Column(scale=2):
            gr.Markdown(RUN)
            with gr.Row():
                go = gr.Button("Stylise", variant="primary")
                stop = gr.Button("Stop")
            with gr.Row():
                picture = gr.Image(label="Result", type="pil", format="png", interactive=False, height=480)
                with gr.Column():
                    quick = gr.Image(label="Instant preview: small and quick", type="pil", format="png",
                                     interactive=False, height=200, buttons=[])
                    plot = gr.Plot(label="Loss terms")
            status = gr.Markdown()
            files = gr.File(label="Downloads: PNG (settings inside), PNG with caption, GIF of the optimisation",
                            file_count="multiple")
    pickers = [*content, *painting, *second]
    event = go.click(stylise, pickers + [components[n] for n in NAMES], [picture, plot, status, files],
                     api_name="stylise", **HEAVY)
    stop.click(None, None, None, cancels=[event])
    gr.on(None, quick_preview, pickers + [components[n] for n in NAMES], quick, api_name="style_preview",
          trigger_mode="always_last", show_progress="minimal")
    swap_button.click(swap, [*content, *painting], [*content, *painting], api_name="style_swap")
    components["backbone"].change(on_backbone, components["backbone"], about, api_name=False)
    link_bar.wire({("style", n): c for n, c in components.items()},
                  picks={"content": content[0], "painting": painting[0], "painting2": second[0]})
