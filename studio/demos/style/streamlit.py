"""Streamlit: the style-transfer page. The result first and widest; photo, painting, instant preview
and a live plot of the loss terms beside it; settings (and a second painting) in the sidebar."""

from __future__ import annotations

import streamlit as st

from studio import backbones, gallery, paintings
from studio.demos.style import style
from studio.frames import Recording
from studio.errors import StudioError
from studio.images import Upload
from studio.demos.style.style import StyleSettings
from studio.demos.style.texts import RUN
from studio.ui.streamlit_ui import chart, downloads, live_run, remember, result_area, upload, widget

KEY = "style"
NONE = "none"
LINK_PICKS = {"content": f"{KEY}.content", "painting": f"{KEY}.style", "painting2": f"{KEY}.style2"}   # ?content=…


def _uploads() -> dict[str, Upload]:
    """Uploaded images join every picker's list (so they can be swapped like built-in ones)."""
    kept = st.session_state.setdefault(f"{KEY}.uploads", {})
    photo = upload("Add your own photo or painting", key=f"{KEY}.upload",
                   help="It is added to the lists of photos and paintings.")
    if photo is not None:
        kept[f"upload:{photo.name}"] = photo
    return kept


def _swap() -> None:
    """The classic lecture trick: paint the painting with the photo."""
    a, b = f"{KEY}.content", f"{KEY}.style"
    st.session_state[a], st.session_state[b] = st.session_state[b], st.session_state[a]


def _picker(label: str, key: str, options: list[str], uploads: dict[str, Upload]):
    """A photo or painting by name: (its picture, its short name), or (None, '') for none."""
    choice = st.selectbox(label, options, key=key,
                          format_func=lambda k: "(none)" if k == NONE else gallery.choice_label(k))
    if choice == NONE:
        return None, ""
    loaded = gallery.resolve(choice, uploads.get(choice))
    for notice in loaded.notices:
        st.info(notice)
    return loaded.image, gallery.short_name(choice, uploads.get(choice))


def _thumb(image, caption: str | None = None) -> None:
    thumb = image.copy()
    thumb.thumbnail((480, 260))  # a tall painting must not push the page down
    st.image(thumb, caption=caption, width="stretch")


def _settings(blend: float) -> StyleSettings:
    values = {"blend": blend}
    with st.sidebar:
        for title, names in StyleSettings.groups.items():
            st.header(title)
            for name in names:
                values[name] = widget(name, StyleSettings.control_of(name), f"{KEY}.{name}")
            if title == "Layers":
                st.caption(backbones.spec(values["backbone"]).about)
    s = remember(KEY, StyleSettings.from_values(values))
    for notice in s.notices:
        st.info(notice)
    note = backbones.weights_note(s.backbone, style.BACKBONES)
    if note:
        st.warning(note)
    return s


def _plot(history):
    return style.loss_figure(history).update_layout(template="plotly_white")


def render() -> None:
    note = paintings.missing_note()
    if note and not st.session_state.get(f"{KEY}.told_paintings"):   # once a session, not on every rerun
        st.session_state[f"{KEY}.told_paintings"] = True
        st.info(note, icon="🖼️")
    options = gallery.choices()
    st.session_state.setdefault(f"{KEY}.content", "sample:chelsea")
    st.session_state.setdefault(f"{KEY}.style", gallery.default_painting())
    st.session_state.setdefault(f"{KEY}.style2", NONE)
    with st.sidebar:
        uploads = _uploads()
    options += list(uploads)
    for k in (f"{KEY}.content", f"{KEY}.style", f"{KEY}.style2"):
        if st.session_state[k] not in options + [NONE]:
            st.session_state[k] = options[0]   # a gallery file that went away
    with st.sidebar:
        st.header("Blend")
        second, second_name = _picker("Blend with a second painting", f"{KEY}.style2", [NONE] + options, uploads)
        if second is not None:
            _thumb(second)
        blend = widget("blend", StyleSettings.control_of("blend"), f"{KEY}.blend") if second else 0.5
    # The result first and widest (it must fit a projector's screen after Stylise); the pictures it
    # starts from, the instant preview and the loss plot in a narrower column beside it.
    main, side = st.columns([2, 1])
    with side:
        content, content_name = _picker("Photo (content)", f"{KEY}.content", options, uploads)
        painting, painting_name = _picker("Painting (style)", f"{KEY}.style", options, uploads)
        st.button("⇄ Swap", key=f"{KEY}.swap", on_click=_swap, help="Swap photo and painting", width="stretch")
        # the two pictures, then the instant preview, sharing what the screen has left beside the result
        pictures = result_area("style-side", reserve_rem=25, stacked=2)
        for col, image in zip(pictures.columns(2), (content, painting)):
            with col:
                _thumb(image)
    with side:   # its notices (a clamped value, missing weights) beside the result
        s = _settings(blend)
    chosen = [p for p in (painting, second) if p is not None]
    names = [n for n, p in ((painting_name, painting), (second_name, second)) if p is not None]
    with side:
        for note in style.check_inputs(s, content, chosen):
            st.info(note)
    caption = style.caption(s, content_name, names)

    with side:
        key = (s, caption)
        kept = st.session_state.get(f"{KEY}.preview")
        if kept is None or kept[0] != key:   # made again only when the settings or the pictures change
            try:
                kept = st.session_state[f"{KEY}.preview"] = (key, style.preview(s, content, chosen))
            except StudioError:   # Stylise says why; the page stays whole
                kept = (key, None)
        if kept[1] is not None:
            pictures.image(kept[1], caption="instant preview: small and quick", width="stretch")
        plot = st.empty()

    def start():
        record = st.session_state[f"{KEY}.record"] = Recording()
        st.session_state[f"{KEY}.caption"] = caption
        st.session_state[f"{KEY}.settings"] = s.to_dict()
        for frame in record.keep(style.run(s, content, chosen)):
            with plot.container():
                chart(_plot(record.history), key=f"{KEY}.plot.{frame.step}")
            yield frame

    # pictures no taller than the screen less the header, buttons and caption around them
    with main, result_area("style-result", reserve_rem=18):
        frame = live_run(KEY, start, label="Stylise", note=f"{RUN} Any change to a control stops a run.")
        record: Recording | None = st.session_state.get(f"{KEY}.record")
        if frame is None or record is None or not record.pictures:
            return
        done_caption = st.session_state[f"{KEY}.caption"]
        if not frame.done:
            done_caption += f" · stopped at iteration {frame.step} of {frame.total}"
        st.image(frame.image, caption=done_caption)
        downloads(KEY, frame.image, done_caption, st.session_state[f"{KEY}.settings"], frames=record.pictures,
                  name="style-transfer")
        st.caption(f"{frame.metrics.get('seconds', 0):.1f} s · final losses: content {frame.metrics['content']:.3g}, "
                   f"style {frame.metrics['style']:.3g}, TV {frame.metrics['tv']:.3g}")
    with side:
        with plot.container():
            chart(_plot(record.history), key=f"{KEY}.plot.final")
