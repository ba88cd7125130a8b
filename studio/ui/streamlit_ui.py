"""Streamlit rendering of the core: settings widgets from control specs, pages, errors."""

from __future__ import annotations

import contextlib
import importlib
from typing import Callable, Iterator, Sequence

import streamlit as st
from PIL import Image

from studio.controls import Control, Settings
from studio.demos import DEMOS, INTRO, demo
from studio.errors import StudioError
from studio.frames import Frame
from studio.images import UPLOAD_SUFFIXES, Upload, gif_bytes, png_bytes, with_caption
from studio.ui.common import device_line, inventory_markdown, start_up


def widget(name: str, ctl: Control, key: str):
    """One Streamlit widget for one control; returns the value in settings units."""
    label, help_ = ctl.label, ctl.help or None
    if ctl.kind == "choice" and ctl.choice_slider:
        return st.select_slider(label, ctl.choices, value=ctl.default, format_func=ctl.label_of, help=help_, key=key)
    if ctl.kind == "choice":
        return st.selectbox(label, ctl.choices, index=ctl.choices.index(ctl.default),
                            format_func=ctl.label_of, help=help_, key=key)
    if ctl.kind == "bool":
        return st.checkbox(label, value=ctl.default, help=help_, key=key)
    if ctl.kind == "text":
        return st.text_input(label, value=ctl.default, help=help_, key=key)
    lo, hi, step, value = ctl.widget_range()
    if ctl.kind == "int":
        lo, hi, step, value = int(lo), int(hi), int(step), int(value)
    else:
        lo, hi, step, value = float(lo), float(hi), float(step), float(value)
    if ctl.number_box:
        return st.number_input(label, min_value=lo, max_value=hi, value=value, step=step, help=help_, key=key)
    fmt = "10^%.1f" if ctl.log else None
    return ctl.from_widget(st.slider(label, min_value=lo, max_value=hi, value=value, step=step,
                                     format=fmt, help=help_, key=key))


def settings_form(cls: type[Settings], key: str, fields: list[str] | None = None, **fixed) -> Settings:
    """Widgets for the settings' controls (or a subset), validated into a Settings object."""
    values = dict(fixed)
    for name, ctl in cls.controls():
        if name not in fixed and (fields is None or name in fields):
            values[name] = widget(name, ctl, key=f"{key}.{name}")
    settings = cls.from_values(values)
    for notice in settings.notices:
        st.info(notice)
    return settings


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """Show a StudioError's message in place; the page keeps working."""
    try:
        yield
    except StudioError as exc:
        st.error(str(exc), icon="⚠️")


def sidebar_navigation() -> None:
    """Our own links (config hides the automatic list, which would call the home page 'app')."""
    with st.sidebar:
        st.page_link("app.py", label="Studio home", icon="🎛️")
        for d in DEMOS:
            st.page_link(d.page, label=d.title if d.ready else f"{d.title} (soon)", icon=d.icon)


def live_run(key: str, start: Callable[[], Iterator[Frame]], label: str = "Run",
             every: int = 1) -> Frame | None:
    """Run and Stop buttons; streams frames (progress + intermediate image) while working.

    Stop (or any widget change) makes Streamlit rerun the script, which interrupts the loop;
    the last frame is kept in session state, so what was reached stays on the page.
    """
    run_col, stop_col, _ = st.columns([1, 1, 4])
    run = run_col.button(label, type="primary", key=f"{key}.run", width="stretch")
    stop = stop_col.button("Stop", key=f"{key}.stop", width="stretch")
    progress, picture = st.empty(), st.empty()
    state = f"{key}.last"
    if run:
        st.session_state[state] = None
        with friendly_errors():
            for frame in start():
                st.session_state[state] = frame
                progress.progress(frame.progress, text=f"Step {frame.step} of {frame.total}")
                if frame.image is not None and (frame.step % every == 0 or frame.done):
                    picture.image(frame.image, caption=frame.caption or None)
        progress.empty()
        picture.empty()
    frame = st.session_state.get(state)
    if stop and frame is not None and not frame.done:
        st.info(f"Stopped at step {frame.step} of {frame.total}; here is where it got to.")
    return frame


def downloads(key: str, image: Image.Image, caption: str, settings: dict,
              frames: Sequence[Image.Image] = (), name: str = "studio", duration_ms: int = 120) -> None:
    """PNG (settings embedded, caption band for slides) and, when there are frames, a GIF.

    The files are encoded only when a button is clicked (callables), not on every rerun.
    """
    cols = st.columns(3)
    cols[0].download_button("PNG", lambda: png_bytes(image, settings, caption), f"{name}.png", "image/png",
                            key=f"{key}.png", width="stretch")
    cols[1].download_button("PNG with caption", lambda: png_bytes(with_caption(image, caption), settings, caption),
                            f"{name}-captioned.png", "image/png", key=f"{key}.pngc", width="stretch")
    if len(frames) > 1:
        cols[2].download_button("GIF", lambda: gif_bytes(frames, duration_ms=duration_ms), f"{name}.gif", "image/gif", key=f"{key}.gif",
                                width="stretch")


def upload(label: str, key: str, *, multiple: bool = False, help: str | None = None,
           archives: bool = False) -> Upload | list[Upload] | None:
    """A file picker for images (and ZIPs of them with `archives`, unpacked by studio/image_sets.py).
    Streamlit hands over the bytes as sent; the core decodes them."""
    suffixes = UPLOAD_SUFFIXES + ((".zip",) if archives else ())
    files = st.file_uploader(label, type=[s.lstrip(".") for s in suffixes], key=key, help=help,
                             accept_multiple_files=multiple)
    if multiple:
        return [Upload(f.name, f.getvalue()) for f in files or []]
    return Upload(files.name, files.getvalue()) if files is not None else None


def explainers(texts: Sequence[tuple[str, str]], expanded: bool = True) -> None:
    """A demo's teaching texts (studio/texts/), one expander each."""
    for title, text in texts:
        with st.expander(title, expanded=expanded):
            st.markdown(text)


def gif(frames: Sequence[Image.Image], caption: str | None = None, width: int | str = "content",
        duration_ms: int = 120) -> None:
    """A run's pictures as an animation in the page."""
    st.image(gif_bytes(frames, duration_ms=duration_ms), caption=caption, width=width)


def page_header(key: str) -> None:
    start_up()
    d = demo(key)
    st.set_page_config(page_title=f"{d.title} · Studio", page_icon=d.icon, layout="wide")
    sidebar_navigation()
    st.title(f"{d.icon} {d.title}")
    st.caption(d.teaches)


def coming_soon(key: str) -> None:
    d = demo(key)
    st.info(f"The {d.title} demo is being built. It will need: {d.needs}.", icon="🚧")
    st.page_link("app.py", label="Back to the studio", icon="🏠")


def demo_page(key: str) -> None:
    """A whole demo page: header, then the demo's own render() (or a 'coming' note)."""
    page_header(key)
    d = demo(key)
    if not d.ready:
        coming_soon(key)
        return
    with friendly_errors():
        importlib.import_module(d.streamlit_module).render()


def home_page() -> None:
    start_up()
    st.set_page_config(page_title="Studio · generative deep learning", page_icon="🎛️", layout="wide")
    sidebar_navigation()
    st.title("🎛️ Studio")
    st.markdown(f"#### An interactive teaching studio for generative deep learning\n{INTRO}")
    columns = st.columns(len(DEMOS))
    for col, d in zip(columns, DEMOS):
        with col, st.container(border=True, height="stretch"):
            st.markdown(f"#### {d.icon} {d.title}")
            st.write(d.teaches)
            st.caption(f"Needs: {d.needs}" + ("" if d.ready else " · coming soon"))
            st.page_link(d.page, label="Open", icon="▶️")
    st.markdown(device_line())
    with friendly_errors():
        st.markdown("#### On this computer")
        st.markdown(inventory_markdown())
