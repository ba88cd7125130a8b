"""Gradio: the DeepDream tab. The handlers are plain generators, so tests and gradio_client call them too."""

from __future__ import annotations

import gradio as gr

from studio.demos.dream import dream, page
from studio.demos.dream.dream import DreamSettings
from studio.demos.dream.texts import RUNS
from studio.ui.gradio_ui import (LinkBar, Runner, component, friendly, headed_components, instant_preview,
                                settings_components, settings_from, show_when, streamed, upload, uploaded)

OBJECTIVE_FIELDS = [n for n in DreamSettings.group("Objective") if n != "layer"]   # the layer has its own dropdown
# The order in which every handler receives the settings' values, after the two uploads and the layer.
NAMES = [n for group in ("What to dream", "Objective", "Start", "How to dream", "Fractal zoom")
         for n in DreamSettings.group(group) if n != "layer"]
FILES = "Downloads: PNG (settings inside), PNG with caption, GIF"


def _job(start_upload, guide_upload, layer: str, values: tuple) -> page.Job:
    return page.Job(settings_from(DreamSettings, NAMES, values, layer=layer), uploaded(start_upload),
                    uploaded(guide_upload))


def _runs(mode: str):
    @friendly
    def run(start_upload, guide_upload, layer, *values):
        """(picture, status, downloads) every time the run has a new picture; downloads at the end."""
        job = _job(start_upload, guide_upload, layer, values)
        yield from streamed(job.frames(mode), lambda recording: job.outcome(mode, recording), job.notices)

    run.__name__ = f"run_{mode}"
    return run


run_dream, run_sweep, run_zoom = (_runs(mode) for mode in page.VIEWS)


@friendly
def preview(start_upload, guide_upload, layer, *values):
    """The instant preview: the same settings, small and short (dream.preview)."""
    return _job(start_upload, guide_upload, layer, values).preview()


find_classes = friendly(dream.class_match)   # what a class query will dream of, under the class box
about = page.about_text                       # what the network is, and a note when its weights are not here


def on_backbone(backbone: str, layer: str | None = None):
    """A new network has other layers: offer its groups and pick its suggested layer (a link or a
    preset that names one of its layers keeps it)."""
    return gr.update(choices=page.layer_choices(backbone), value=page.kept_layer(backbone, layer)), about(backbone)


def on_layer(backbone: str, layer: str):
    """The channel slider spans the layer's channels."""
    top, value, label = page.channel_slider(backbone, layer)
    return gr.update(maximum=top, value=value, label=label)


def build_tab(link_bar: LinkBar | None = None) -> None:
    ctl = DreamSettings.control_of
    backbone = ctl("backbone").default
    link_bar = link_bar or LinkBar("dream")
    # Projector layout: the result first and widest, the start picture and the instant preview in a
    # narrow column beside it, the long settings in a side column that scrolls on its own.
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=480, elem_classes=["studio-under-tabs"]):
            with gr.Tabs() as views:
                runners = {}
                for mode, title in page.VIEWS.items():
                    with gr.Tab(title, id=mode):
                        runners[mode] = Runner(page.BUTTONS.get(mode, "Dream"), FILES, note=RUNS[mode])
        with gr.Column(scale=1, min_width=220):
            start = settings_components(DreamSettings, ["start"])
            start_upload = upload("Your image (used when 'Start from' is 'my upload')", height=140)
            quick = instant_preview()
        with gr.Column(scale=1, min_width=300, elem_classes=["studio-side"]):
            target = headed_components(DreamSettings, "What to dream")
            about_text = gr.Markdown(about(backbone))
            layer = gr.Dropdown(choices=page.layer_choices(backbone), value=ctl("layer").default, label=ctl("layer").label,
                                info=ctl("layer").help)
            shape = {"backbone": backbone, "layer": ctl("layer").default}   # the channel slider spans its channels
            objective_inputs = {n: component(page.objective_control(n, shape)) for n in OBJECTIVE_FIELDS}
            channel, classes, guide = (objective_inputs[n] for n in OBJECTIVE_FIELDS)
            matches = gr.Markdown(find_classes(ctl("target_class").default, backbone))
            guide_upload = upload("Your guide image", height=140)
            how = headed_components(DreamSettings, "How to dream")
            zoom = headed_components(DreamSettings, "Fractal zoom")
    components = {**target, **objective_inputs, **start, **how, **zoom}
    inputs = [start_upload, guide_upload, layer] + [components[n] for n in NAMES]
    # No triggers: on load and whenever any input changes, the small dream (the network stays loaded)
    gr.on(None, preview, inputs, quick, api_name="dream_preview", trigger_mode="always_last",
          show_progress="minimal")
    for (mode, runner), fn in zip(runners.items(), (run_dream, run_sweep, run_zoom)):
        runner.wire(fn, inputs, "dream" if mode == "dream" else f"dream_{mode}")
    show_when(start["start"], "upload", start_upload)
    target["backbone"].change(on_backbone, [target["backbone"], layer], [layer, about_text], api_name=False)
    link_bar.wire({("dream", n): c for n, c in {**components, "layer": layer}.items()},
                  adjust=lambda values: {("dream", "layer"): {"choices": page.layer_choices(values.get("backbone", backbone))}},
                  views=(views, {}))
    layer.change(on_layer, [target["backbone"], layer], channel, api_name=False)
    # only the inputs the objective uses (the class's matches and the guide's upload with them)
    for name, shown in {"layer": [layer], "channel": [channel], "target_class": [classes, matches],
                        "guide": [guide, guide_upload]}.items():
        show_when(target["objective"], lambda objective, name=name: name in page.uses(objective), *shown)
    classes.change(find_classes, [classes, target["backbone"]], matches, api_name="dream_classes")
