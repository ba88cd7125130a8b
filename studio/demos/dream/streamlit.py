"""Streamlit: the DeepDream page. Settings in the sidebar; dream, layer sweep and zoom in tabs, widest,
with the start picture and its instant preview beside them."""

from __future__ import annotations

import streamlit as st

from studio.demos.dream import page
from studio.demos.dream.dream import DreamSettings
from studio.demos.dream.texts import RUNS
from studio.ui.streamlit_ui import (headed_widgets, infos, kept_picture, recorded_result, result_area,
                                   settings_form, upload, view_tabs, widget)

KEY = "dream"
# How each tab shows its result, beyond its picture and downloads (shown_result)
SHOWN = {"dream": {"gif_title": "The progression, as a GIF"}, "zoom": {"gif_beside": "the zoom, as a GIF"}}


def link_widget_key(section: str, name: str, values: dict) -> str | None:
    """Widgets whose keys hold the network (and layer): their options change with it."""
    return {"layer": f"{KEY}.layer.{values['backbone']}", "target_class": f"{KEY}.class",
            "channel": f"{KEY}.channel.{values['backbone']}.{values.get('layer')}"}.get(name)


def _target(backbone: str, objective: str) -> tuple[dict, object]:
    """The objective's own inputs (the layer a slider through the network's groups, its channel, a class
    or a guide), each with its note under it, and the guide upload, if any; with the network."""
    values = {"backbone": backbone}
    for name in page.uses(objective):
        key = link_widget_key(KEY, name, values) or f"{KEY}.{name}"
        values[name] = widget(name, page.objective_control(name, values), key)
        note = page.objective_note(name, values)
        if note:
            st.caption(note)
    return values, upload("Guide image", key=f"{KEY}.guide_up") if values.get("guide") == "upload" else None


def render() -> None:
    with st.sidebar:
        st.header("What to dream")
        backbone = widget("backbone", DreamSettings.control_of("backbone"), f"{KEY}.backbone")
        about, note = page.about(backbone)
        st.caption(about)
        if note:
            st.warning(note)
        objective = widget("objective", DreamSettings.control_of("objective"), f"{KEY}.objective")
        target, guide_upload = _target(backbone, objective)
        st.header("How to dream")
        how = st.container()
        zoom_values = headed_widgets(DreamSettings, "Fractal zoom", KEY, "How the Fractal zoom tab zooms.")
    # The result first and widest (it must fit a projector's screen after Run); the start picture
    # and its instant preview in a narrow column beside it.
    main, side = st.columns([3, 1])
    with side:
        start = widget("start", DreamSettings.control_of("start"), f"{KEY}.start")
        photo = upload("Your image", key=f"{KEY}.upload") if start == "upload" else None
    with main:
        tabs = view_tabs(KEY, page.VIEWS)
    with how:
        s = settings_form(DreamSettings, KEY, fields=DreamSettings.group("How to dream"), objective=objective,
                          start=start, **target, **zoom_values)
    job = page.Job(s, photo, guide_upload)
    if not job.ready:
        side.info("Upload an image to dream from, or pick a built-in photo.")
        return
    loaded, _ = job.start, job.guide   # a guide still to upload says so here, before the tabs
    with side, result_area("dream-side", reserve_rem=17, stacked=2):   # both beside the result, whatever their shape
        st.image(loaded.image, caption=f"start: {loaded.image.width}×{loaded.image.height}", width="stretch")
        kept_picture(f"{KEY}.preview", job.key, job.preview, "instant preview: small and quick", failed=loaded.image)
        infos(loaded.notices)
    for mode in page.VIEWS:
        # pictures no taller than the screen less the header, tabs, buttons and caption around them, at their
        # natural size, never past their column (a 1024 px dream)
        with tabs[mode], result_area(f"dream-{mode}", reserve_rem=19):
            recorded_result(f"{KEY}.{mode}", lambda mode=mode: job.frames(mode), job,
                            lambda job, recording, mode=mode: job.outcome(mode, recording), show=SHOWN.get(mode),
                            label=page.BUTTONS.get(mode, "Run"), note=RUNS[mode])
