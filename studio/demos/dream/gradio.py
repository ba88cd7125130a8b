"""Gradio: the DeepDream tab. The handlers are plain generators, so tests and gradio_client call them too."""

from __future__ import annotations

import functools

import gradio as gr

from studio.demos.dream import dream, page
from studio.demos.dream.dream import DreamSettings
from studio.demos.dream.texts import RUNS
from studio.ui.gradio_ui import (LinkBar, Runner, component, follows, friendly, headed_components, instant_preview,
                                reshapes, settings_components, settings_from, show_when, streamed_job, upload, uploaded)

# The order in which every handler receives the settings' values, after the two uploads and the layer.
NAMES = [n for group in ("What to dream", "Objective", "Start", "How to dream", "Fractal zoom")
         for n in DreamSettings.group(group) if n != "layer"]
FILES = "Downloads: PNG (settings inside), PNG with caption, GIF"


def _job(start_upload, guide_upload, layer: str, *values) -> page.Job:
    return page.Job(settings_from(DreamSettings, NAMES, values, layer=layer), uploaded(start_upload),
                    uploaded(guide_upload))


# Each tab's run: (picture, status, downloads) every time the run has a new picture; downloads at the end.
run_dream, run_sweep, run_zoom = (streamed_job(_job, mode, name=f"run_{mode}") for mode in page.VIEWS)


def preview(*inputs):
    """The instant preview: the same settings, small and short (dream.preview); follows() says its refusals."""
    return _job(*inputs).preview()


find_classes = friendly(dream.class_match)   # what a class query will dream of, under the class box
about = page.about_text                       # what the network is, and a note when its weights are not here


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
            shape = {"backbone": backbone, "layer": ctl("layer").default}   # the channel slider spans its channels
            objective_inputs = {n: component(page.objective_control(n, shape, slider=False))   # the layer: a menu
                                for n in DreamSettings.group("Objective")}
            layer, channel, classes, guide = objective_inputs.values()
            matches = gr.Markdown(find_classes(ctl("target_class").default, backbone))
            guide_upload = upload("Your guide image", height=140)
            how = headed_components(DreamSettings, "How to dream")
            zoom = headed_components(DreamSettings, "Fractal zoom")
    components = {**target, **objective_inputs, **start, **how, **zoom}
    inputs = [start_upload, guide_upload, layer] + [components[n] for n in NAMES]
    # on load and whenever any input changes, the small dream (the network stays loaded)
    follows(preview, inputs, quick, "dream_preview", on_load=True, show_progress="minimal")
    for (mode, runner), fn in zip(runners.items(), (run_dream, run_sweep, run_zoom)):
        runner.wire(fn, inputs, "dream" if mode == "dream" else f"dream_{mode}")
    show_when(start["start"], "upload", start_upload)
    # a network's layers offered, on its suggested one (a link's or a preset's own layer stays); a layer's channels
    shaping = {"backbone": target["backbone"], "layer": layer}
    # text and menus outside the queue: the preview is the one queued event a change starts (one_follower_per_change)
    target["backbone"].change(about, target["backbone"], about_text, api_name=False, queue=False,
                              show_progress="hidden")
    reshapes(target["backbone"], layer, functools.partial(page.objective_control, "layer", slider=False), shaping)
    link_bar.wire({"dream": components},
                  adjust=lambda values: {("dream", "layer"): {"choices": page.layer_choices(values.get("backbone", backbone))}},
                  views=(views, {}))
    reshapes(layer, channel, functools.partial(page.objective_control, "channel"), shaping)
    # only the inputs the objective uses (the class's matches and the guide's upload with them)
    for name, shown in {"layer": [layer], "channel": [channel], "target_class": [classes, matches],
                        "guide": [guide, guide_upload]}.items():
        show_when(target["objective"], lambda objective, name=name: name in page.uses(objective), *shown)
    classes.change(find_classes, [classes, target["backbone"]], matches, api_name="dream_classes", queue=False,
                   show_progress="hidden")
