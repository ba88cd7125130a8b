"""Streamlit: the DeepDream page. What to dream in the sidebar; dream, layer sweep and zoom in tabs."""

from __future__ import annotations

from typing import Iterator

import streamlit as st

from studio import backbones, dream
from studio.dream import DreamSettings
from studio.frames import Frame
from studio.images import gif_bytes
from studio.ui.streamlit_ui import downloads, live_run, settings_form, widget

KEY = "dream"
UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "gif"]
HOW_FIELDS = ["size", "octaves", "octave_scale", "steps", "step_size", "jitter", "smoothing", "seed"]
ZOOM_FIELDS = ["zoom_frames", "zoom_steps", "zoom_scale", "zoom_rotation"]


def _target(backbone: str, objective: str) -> tuple[dict, bytes | None]:
    """The objective's own inputs: layer (a slider through the groups), channel, class or guide
    (and the guide upload, if any)."""
    values, guide_upload = {}, None
    if objective in ("logit", "softmax"):
        values["target_class"] = widget("target_class", DreamSettings.control_of("target_class"), f"{KEY}.class")
        hits = dream.search_classes(values["target_class"], backbone)
        st.caption(f"Dreaming of **{hits[0][1]}** (class {hits[0][0]})." if hits else "No class matches yet.")
        if len(hits) > 1:
            st.caption("Also matching: " + ", ".join(name for _, name in hits[1:]))
        return values, None
    options = dict(dream.layer_options(backbone))
    default = dream.SUGGESTED_LAYER[backbone]
    values["layer"] = st.select_slider(
        "Layer", options=list(options), value=default, format_func=options.get, key=f"{KEY}.layer.{backbone}",
        help=DreamSettings.control_of("layer").help)
    group = backbones.spec(backbone).group_of(values["layer"])
    st.caption(next(g.description for g in backbones.spec(backbone).groups if g.name == group))
    if objective == "channel":
        ctl = DreamSettings.control_of("channel")
        channels = dream.channel_count(backbone, values["layer"]) or int(ctl.max) + 1
        values["channel"] = st.slider(f"{ctl.label} (0–{channels - 1})", 0, channels - 1,
                                      min(ctl.default, channels - 1), help=ctl.help,
                                      key=f"{KEY}.channel.{backbone}.{values['layer']}")
    if objective == "guide":
        values["guide"] = widget("guide", DreamSettings.control_of("guide"), f"{KEY}.guide")
        if values["guide"] == "upload":
            file = st.file_uploader("Guide image", UPLOAD_TYPES, key=f"{KEY}.guide_up")
            guide_upload = file.getvalue() if file else None
    return values, guide_upload


def _collect(key: str, settings: DreamSettings, frames: Iterator[Frame]) -> Iterator[Frame]:
    """Keep every picture of the run (for the GIF) and the settings it ran with (for downloads)."""
    kept = st.session_state[f"{key}.frames"] = []
    st.session_state[f"{key}.settings"] = settings
    for frame in frames:
        if frame.image is not None:
            kept.append(frame.image)
        yield frame


def _result(key: str, frame: Frame | None, mode: str, name: str) -> None:
    kept = st.session_state.get(f"{key}.frames") or []
    if frame is None or not kept:
        return
    s: DreamSettings = st.session_state[f"{key}.settings"]
    caption = s.caption(mode) if frame.done else f"{s.caption(mode)} · stopped at step {frame.step} of {frame.total}"
    image = frame.image if frame.done else kept[-1]
    if mode == "zoom":
        left, right = st.columns(2)
        left.image(image, caption=f"last frame · {caption}", width=image.width)
        right.image(gif_bytes(kept, duration_ms=100), caption="the zoom, as a GIF")
    else:
        st.image(image, caption=caption, width=image.width)  # full resolution, not stretched
        if mode == "dream" and len(kept) > 1:
            with st.expander("The progression, as a GIF"):
                st.image(gif_bytes(kept), width=image.width)
    frames = kept[:-1] if mode == "sweep" else kept
    downloads(key, image, caption, s.to_dict(), frames=frames, name=name)


def render() -> None:
    with st.sidebar:
        st.header("What to dream")
        backbone = widget("backbone", DreamSettings.control_of("backbone"), f"{KEY}.backbone")
        st.caption(backbones.spec(backbone).about)
        objective = widget("objective", DreamSettings.control_of("objective"), f"{KEY}.objective")
        target, guide_upload = _target(backbone, objective)
        st.header("How to dream")
    picker, preview = st.columns([2, 1])
    with picker:
        start = widget("start", DreamSettings.control_of("start"), f"{KEY}.start")
        upload = st.file_uploader("Your image", UPLOAD_TYPES, key=f"{KEY}.upload") if start == "upload" else None
    dreaming, sweeping, zooming = st.tabs(["Dream", "Layer sweep", "Fractal zoom"])
    with zooming:
        cols = st.columns(len(ZOOM_FIELDS))
        zoom_values = {}
        for col, name in zip(cols, ZOOM_FIELDS):
            with col:
                zoom_values[name] = widget(name, DreamSettings.control_of(name), f"{KEY}.{name}")
    with st.sidebar:
        s = settings_form(DreamSettings, KEY, fields=HOW_FIELDS, backbone=backbone, objective=objective,
                          start=start, **target, **zoom_values)
    loaded = dream.start_image(s, upload.getvalue() if upload else None) if start != "upload" or upload else None
    with preview:
        if loaded:
            st.image(loaded.image, caption=f"start: {loaded.image.width}×{loaded.image.height}", width=220)
            for notice in loaded.notices:
                st.info(notice)
    if loaded is None:
        st.info("Upload an image to dream from, or pick a built-in photo.")
        return
    guide = dream.guide_image(s, guide_upload)

    def job(key, fn):
        return lambda: _collect(key, s, fn(s, loaded.image, guide))

    with dreaming:
        st.caption("Gradient ascent on the picture, smallest octave first. The picture updates every "
                   f"{dream.PREVIEW_EVERY} steps.")
        _result(f"{KEY}.dream", live_run(f"{KEY}.dream", job(f"{KEY}.dream", dream.run)), "dream", "deepdream")
    with sweeping:
        st.caption("The same picture dreamt through each layer of the groups, early to late, on one "
                   "labelled sheet for a slide. It takes about nine dreams' time: lower the size for a quick look.")
        _result(f"{KEY}.sweep", live_run(f"{KEY}.sweep", job(f"{KEY}.sweep", dream.sweep), label="Run the sweep"),
                "sweep", "deepdream-sweep")
    with zooming:
        st.caption("Each frame dreams a few steps, then zooms a little into the result: the network "
                   "keeps inventing what it finds there.")
        _result(f"{KEY}.zoom", live_run(f"{KEY}.zoom", job(f"{KEY}.zoom", dream.zoom), label="Run the zoom"),
                "zoom", "deepdream-zoom")
