"""The Streamlit studio: the home page (app.py) and each demo's page (pages/*.py call demo_page) from
the registry. A page's widgets are the demo's own streamlit.py; the helpers they share are
studio/ui/streamlit_ui.py."""

from __future__ import annotations

import importlib

import streamlit as st

from studio import links, presets
from studio.controls import echo, literal
from studio.demos import DEMOS, INTRO, demo, workshop, workshop_line
from studio.ui.common import device_line, inventory_markdown, start_up
from studio.ui.streamlit_ui import friendly_errors, link_bar, open_page, write_link

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
/* a result's caption (its settings) is page text at 16 px, not a band baked into the picture */
[data-testid="stImageCaption"], [data-testid="stImageCaption"] [data-testid="stCaptionContainer"],
[data-testid="stImageCaption"] p {
  font-size: 1rem; color: #333; }
/* a dropdown's chosen option whole in a side column: less padding around the text, a narrower arrow */
[data-testid="stSelectbox"] input[role="combobox"] { padding-left: 8px; padding-right: 0; text-overflow: clip;
  font-size: 14px !important; }   /* as its label: a long option fits a side column */
[data-testid="stSelectbox"] [role="group"] > button { padding: 0 4px; min-width: 0; }
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

# The home page at 1280×720: the demos as cards in the workshop's order, CARDS_PER_ROW to a row, so each
# title fits on one line and every Open link is on the first screen; what a demo teaches is cut to
# three lines (all of it in the Open link's tooltip and on its page).
CARDS_PER_ROW = 4
HOME_CSS = """<style>
[class*="st-key-home-card-"] { gap: 0.35rem; padding: 0.75rem 0.9rem; }
[class*="st-key-home-card-"] h4 { font-size: 1.2rem; padding: 0 0 0.3rem; overflow-wrap: normal; word-break: normal; }
[class*="st-key-home-card-"] [data-testid="stMarkdownContainer"] p { display: -webkit-box; -webkit-box-orient: vertical;
  -webkit-line-clamp: 3; overflow: hidden; }
</style>"""


def demo_cards() -> None:
    """The suggested path through a workshop (studio.demos.WORKSHOP), then a card per demo in its
    order: its step, title, what it teaches and an Open link."""
    st.markdown(workshop_line())
    steps = workshop()
    for row in range(0, len(steps), CARDS_PER_ROW):
        for col, (n, stage, d) in zip(st.columns(CARDS_PER_ROW), steps[row:row + CARDS_PER_ROW]):
            with col, st.container(border=True, height="stretch", key=f"home-card-{d.key}"):
                st.caption(f"{n} · {stage.title}")
                st.markdown(f"#### {d.icon} {d.title}")
                st.markdown(d.teaches)
                st.page_link(d.page, label="Open" if d.ready else "Open (coming soon)", icon="▶️",
                             help=d.teaches)


def home_page() -> None:
    start_up()
    st.set_page_config(page_title="Studio · generative deep learning", page_icon="🎛️", layout="wide")
    sidebar_navigation()
    params = st.query_params.to_dict()
    page = links.page_of(params)
    if page:   # the bare ?preset=NAME that `python -m studio presets` prints (a preset names its page), ?demo=KEY
        open_page(page, params)
    st.html(PAGE_CSS + HOME_CSS)
    title, what = st.columns([1, 4], vertical_alignment="center")
    title.title("🎛️ Studio")
    what.markdown("#### An interactive teaching studio for generative deep learning")
    if params.get("preset"):
        st.warning(f"There is no preset called '{literal(echo(params['preset']))}'; `python -m studio presets` "
                   "lists them.")
    st.markdown(INTRO)
    demo_cards()
    st.markdown(device_line())
    with friendly_errors():
        st.markdown("#### On this computer")
        st.markdown(inventory_markdown())
