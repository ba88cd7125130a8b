"""Gradio: the style-transfer tab. The handlers are plain functions, so tests and gradio_client call them too."""

from __future__ import annotations

from typing import Iterator

import gradio as gr

from studio import backbones, gallery, paintings
from studio.demos.style import style
from studio.frames import Recording
from studio.demos.style.style import StyleSettings
from studio.demos.style.texts import RUN
from studio.ui.gradio_ui import (HEAVY, LinkBar, client_upload, export_files, friendly, picture, readable,
                                settings_components, settings_from, upload, uploaded)

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
            yield frame.image, readable(style.loss_figure(record.history)), " ".join([*notes, status]), None
    if frame is not None:
        done = f"Done in {frame.metrics['seconds']:.1f} s. {caption}"
        yield (frame.image, readable(style.loss_figure(record.history)), " ".join([*notes, done]),
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
    """The classic lecture trick: paint the painting with the photo (uploads only: no server path)."""
    content_upload, style_upload = (str(client_upload(u)) if u else None for u in (content_upload, style_upload))
    return style_key, style_upload, content_key, content_upload


def on_backbone(backbone: str) -> str:
    about, note = backbones.spec(backbone).about, backbones.weights_note(backbone, style.BACKBONES)
    return f"{about}\n\n⚠️ {note}" if note else about


@friendly
def preview(key: str):
    """The picked built-in or gallery image, so the student sees what goes in."""
    return None if not key or key == NONE else gallery.load_choice(key).image


def _picker(label: str, default: str, with_none: bool = False) -> tuple:
    """A dropdown and a small view of the picked picture; its upload box is made by _uploads()."""
    key = gr.Dropdown(choices=_options(with_none), value=default, label=label)
    shown = gr.Image(value=preview(default), show_label=False, interactive=False, height=110, type="pil",
                     buttons=[])
    key.change(preview, key, shown, api_name=False)
    return key


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("style")
    # Projector layout: the result first and widest (the losses under it), the instant preview in a
    # narrow column beside it, the pictures going in and the long settings in a side column of their own.
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=480):
            with gr.Row():
                go = gr.Button("Stylise", variant="primary")
                stop = gr.Button("Stop")
            shown = picture("Result")
            status = gr.Markdown()
            plot = gr.Plot(label="Loss terms", show_label=False)   # its legend needs the width
            files = gr.File(label="Downloads: PNG (settings inside), PNG with caption, GIF of the optimisation",
                            file_count="multiple")
        with gr.Column(scale=1, min_width=220):
            quick = gr.Image(label="Instant preview: small and quick", type="pil", format="png",
                             interactive=False, height=220, buttons=[], elem_classes=["studio-pic", "studio-small"])
            gr.Markdown(RUN)
        with gr.Column(scale=1, min_width=300, elem_classes=["studio-side"]):
            if paintings.missing_note():
                gr.Markdown(f"ℹ️ {paintings.missing_note()}")
            content_key = _picker("Photo (content)", "sample:chelsea")
            swap_button = gr.Button("⇄ Swap", size="sm")
            painting_key = _picker("Painting (style)", gallery.default_painting())
            second_key = _picker("Blend with a second painting", NONE, with_none=True)
            components = settings_components(StyleSettings, ["blend"])
            # Uploads only matter when used: closed until a lecturer wants their own pictures.
            with gr.Accordion("…or upload your own photo or paintings", open=False):
                content_file = upload("…or upload one (used instead when present): photo", height=90)
                painting_file = upload("…or upload one (used instead when present): painting", height=90)
                second_file = upload("…or upload one (used instead when present): second painting", height=90)
            for title, names in StyleSettings.groups.items():
                with gr.Accordion(title, open=title != "Layers"):
                    components |= settings_components(StyleSettings, list(names))
                    if title == "Layers":
                        about = gr.Markdown(on_backbone(StyleSettings.control_of("backbone").default))
    content, painting = (content_key, content_file), (painting_key, painting_file)
    pickers = [*content, *painting, second_key, second_file]
    event = go.click(stylise, pickers + [components[n] for n in NAMES], [shown, plot, status, files],
                     api_name="stylise", **HEAVY)
    stop.click(None, None, None, cancels=[event])
    gr.on(None, quick_preview, pickers + [components[n] for n in NAMES], quick, api_name="style_preview",
          trigger_mode="always_last", show_progress="minimal")
    swap_button.click(swap, [*content, *painting], [*content, *painting], api_name="style_swap")
    components["backbone"].change(on_backbone, components["backbone"], about, api_name=False)
    link_bar.wire({("style", n): c for n, c in components.items()},
                  picks={"content": content_key, "painting": painting_key, "painting2": second_key})
