"""Streamlit: the DeepDream page. Settings in the sidebar; dream, layer sweep and zoom in tabs, widest,
with the start picture and its instant preview beside them."""

from __future__ import annotations

import streamlit as st

from studio import backbones
from studio.demos.dream import dream
from studio.demos.dream.dream import DreamSettings
from studio.errors import StudioError
from studio.frames import Frame, Recording
from studio.images import has_caption
from studio.demos.dream.texts import RUNS
from studio.ui.streamlit_ui import downloads, gif, live_run, result_area, settings_form, upload, view_tabs, widget

KEY = "dream"
MODES = {"dream": ("Run", dream.run, "deepdream"), "sweep": ("Run the sweep", dream.sweep, "deepdream-sweep"),
         "zoom": ("Run the zoom", dream.zoom, "deepdream-zoom")}


def link_widget_key(section: str, name: str, values: dict) -> str | None:
    """Widgets whose keys hold the network (and layer): their options change with it."""
    return {"layer": f"{KEY}.layer.{values['backbone']}", "target_class": f"{KEY}.class",
            "channel": f"{KEY}.channel.{values['backbone']}.{values['layer']}"}.get(name)


def _target(backbone: str, objective: str) -> tuple[dict, object]:
    """The objective's own inputs: layer (a slider through the groups), channel, class or guide
    (and the guide upload, if any)."""
    values, guide_upload = {}, None
    if objective in ("logit", "softmax"):
        values["target_class"] = widget("target_class", DreamSettings.control_of("target_class"), f"{KEY}.class")
        st.caption(dream.class_match(values["target_class"], backbone))
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
            guide_upload = upload("Guide image", key=f"{KEY}.guide_up")
    return values, guide_upload


def _result(key: str, frame: Frame | None, mode: str) -> None:
    recording: Recording | None = st.session_state.get(f"{key}.recording")
    if frame is None or recording is None or not recording.pictures:
        return
    s: DreamSettings = st.session_state[f"{key}.settings"]
    named = dream.name_uploads(s.caption(mode), *st.session_state.get(f"{key}.uploads", (None, None)))
    caption = named if frame.done else f"{named} · stopped at step {frame.step} of {frame.total}"
    kept = recording.pictures
    image = frame.image if frame.done else kept[-1]
    if mode == "zoom":
        left, right = st.columns(2)
        left.image(image, caption=f"last frame · {caption}")   # natural size, never past its column
        with right:
            gif(kept, caption="the zoom, as a GIF", duration_ms=100)
    else:
        # full resolution, not stretched, never past its column (a 1024 px dream); the sweep's sheet
        # carries its caption already
        st.image(image, caption=None if has_caption(image) else caption)
        if mode == "dream" and len(kept) > 1:
            with st.expander("The progression, as a GIF"):
                gif(kept)
    frames = kept[:-1] if mode == "sweep" else kept   # a sweep's last picture is the sheet itself
    downloads(key, image, caption, s.to_dict(), frames=frames, name=MODES[mode][2],
              duration_ms=100 if mode == "zoom" else 120)


def _preview(s: DreamSettings, start, guide, inputs: tuple):
    """The small dream of these settings, made again only when they (or the images) change."""
    key = (s, inputs)
    kept = st.session_state.get(f"{KEY}.preview")
    if kept is None or kept[0] != key:
        try:
            kept = st.session_state[f"{KEY}.preview"] = (key, dream.preview(s, start, guide))
        except StudioError:   # Run says why (an unknown class, say); the page stays whole
            return start
    return kept[1]


def render() -> None:
    with st.sidebar:
        st.header("What to dream")
        backbone = widget("backbone", DreamSettings.control_of("backbone"), f"{KEY}.backbone")
        st.caption(backbones.spec(backbone).about)
        note = backbones.weights_note(backbone, dream.BACKBONES)
        if note:
            st.warning(note)
        objective = widget("objective", DreamSettings.control_of("objective"), f"{KEY}.objective")
        target, guide_upload = _target(backbone, objective)
        st.header("How to dream")
        how = st.container()
        st.header("Fractal zoom")
        st.caption("How the Fractal zoom tab zooms.")
        zoom_values = {name: widget(name, DreamSettings.control_of(name), f"{KEY}.{name}")
                       for name in DreamSettings.group("Fractal zoom")}
    # The result first and widest (it must fit a projector's screen after Run); the start picture
    # and its instant preview in a narrow column beside it.
    main, side = st.columns([3, 1])
    with side:
        start = widget("start", DreamSettings.control_of("start"), f"{KEY}.start")
        photo = upload("Your image", key=f"{KEY}.upload") if start == "upload" else None
    with main:
        tabs = view_tabs(KEY, {"dream": "Dream", "sweep": "Layer sweep", "zoom": "Fractal zoom"})
    with how:
        s = settings_form(DreamSettings, KEY, fields=DreamSettings.group("How to dream"), backbone=backbone,
                          objective=objective, start=start, **target, **zoom_values)
    loaded = dream.start_image(s, photo) if start != "upload" or photo else None
    if loaded is None:
        side.info("Upload an image to dream from, or pick a built-in photo.")
        return
    guide = dream.guide_image(s, guide_upload)
    with side, result_area("dream-side", reserve_rem=17, stacked=2):   # both beside the result, whatever their shape
        preview = _preview(s, loaded.image, guide, (photo.digest if photo else "",
                                                    guide_upload.digest if guide_upload else ""))
        st.image(loaded.image, caption=f"start: {loaded.image.width}×{loaded.image.height}", width="stretch")
        st.image(preview, caption="instant preview: small and quick", width="stretch")
        for notice in loaded.notices:
            st.info(notice)

    for mode, (label, fn, _) in MODES.items():
        key = f"{KEY}.{mode}"

        def job(key=key, fn=fn):
            recording = st.session_state[f"{key}.recording"] = Recording()
            st.session_state[f"{key}.settings"] = s
            st.session_state[f"{key}.uploads"] = (photo, guide_upload)   # named in the caption by name#hash
            return recording.keep(fn(s, loaded.image, guide))

        # pictures no taller than the screen less the header, tabs, buttons and caption around them
        with tabs[mode], result_area(f"dream-{mode}", reserve_rem=19):
            _result(key, live_run(key, job, label=label, note=RUNS[mode]), mode)
