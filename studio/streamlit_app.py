"""The Streamlit studio: the home page (app.py) and each demo's page (pages/*.py call demo_page) from
the registry. A page's widgets are the demo's own streamlit.py; the helpers they share are
studio/ui/streamlit_ui.py."""

from __future__ import annotations

import importlib

import streamlit as st

from studio import presets
from studio.demos import DEMOS, INTRO, demo
from studio.ui.common import device_line, inventory_markdown, start_up
from studio.ui.streamlit_ui import friendly_errors, link_bar, write_link

def sidebar_navigation() -> None:
    """Our own links (config hides the automatic list, which would call the home page 'app')."""
    with st.sidebar:
        st.page_link("app.py", label="Studio home", icon="🎛️")
        for d in DEMOS:
            st.page_link(d.page, label=d.title if d.ready else f"{d.title} (soon)", icon=d.icon)

# Projector layout (1280×720 is a common projector): a compact header (the title beside its one-line
# summary, less padding above it), numbers a lecturer points at ≥ 16 px, and the (empty, transparent)
# top bar letting clicks and hit tests through to the page under it.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding: 2.5rem 2rem 4rem; }
[data-testid="stHeader"] { pointer-events: none; }
[data-testid="stHeader"] * { pointer-events: auto; }
[data-testid="stMain"] h1 { font-size: 2rem; padding: 0; }
[data-testid="stMetricDelta"] { font-size: 16px; }   /* px: presentation mode must not cut it off */
[class*="st-key-"][class*="-numbers"] [data-testid="stCaptionContainer"] { font-size: 1rem; }
</style>"""

def page_header(key: str) -> None:
    start_up()
    d = demo(key)
    st.set_page_config(page_title=f"{d.title} · Studio", page_icon=d.icon, layout="wide")
    st.html(PAGE_CSS)
    sidebar_navigation()
    title, teaches = st.columns([2, 3], vertical_alignment="center")
    title.title(f"{d.icon} {d.title}")
    teaches.caption(d.teaches)


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
    module = importlib.import_module(d.streamlit_module)
    linked = key in presets.SECTIONS        # a demo whose settings have links (and presets)
    link = link_bar(key, module) if linked else None
    with friendly_errors():
        module.render()
    if linked:
        write_link(key, module, link)

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
