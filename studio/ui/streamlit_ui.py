"""Streamlit rendering of the core: settings widgets from control specs, pages, errors."""

from __future__ import annotations

import contextlib
import time
from typing import Any, Callable, Iterator, Sequence

import streamlit as st
from PIL import Image

from studio import links, live, presets, slides
from studio.controls import Control, Settings
from studio.demos import demo
from studio.errors import StudioError
from studio.frames import Frame, Outcome, Recording
from studio.exports import Export, exports
from studio.images import UPLOAD_SUFFIXES, Upload, gif_bytes


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
    if ctl.log:   # the label says the value itself, as Gradio's does: "Step size = 0.01 (slider: log₁₀)"
        label = ctl.widget_label(st.session_state.get(key, value))
    return ctl.from_widget(st.slider(label, min_value=lo, max_value=hi, value=value, step=step,
                                     format=fmt, help=help_, key=key))


def settings_form(cls: type[Settings], key: str, fields: list[str] | None = None,
                  across: Sequence[float] | None = None, switch: str | None = None, title: str | None = None,
                  **fixed) -> Settings:
    """Widgets for the settings' controls (or a subset), validated into a Settings object.
    `across`: the widgets side by side in one row, in columns of these relative widths (a short
    form above a result then takes one row of the screen, not one per control). With `switch`, only the
    controls cls.fields_for(that field's widget value) names (a Fourier scale only with Fourier features).
    `title`: a section's heading over the form."""
    if title:
        heading(title)
    if switch:
        fields = cls.fields_for(st.session_state.get(f"{key}.{switch}", cls.control_of(switch).default))
    values = dict(fixed)
    shown = [(name, ctl) for name, ctl in cls.controls() if name not in fixed and (fields is None or name in fields)]
    places = st.columns(across, vertical_alignment="bottom") if across else [contextlib.nullcontext()] * len(shown)
    for place, (name, ctl) in zip(places, shown):
        with place:
            values[name] = widget(name, ctl, key=f"{key}.{name}")
    settings = cls.from_values(values)
    for notice in settings.notices:
        st.info(notice)
    return remember(key, settings)


def settings_beside(cls: type[Settings], key: str, switch: str | None = None, widths: Sequence[float] = (1.4, 3),
                    gap: str = "large", title: str | None = None) -> tuple[Settings, Any, Any]:
    """settings_form() in a narrow column beside a wide one for what it makes (its dropdowns' options whole at
    1280 px): (settings, the narrow column, for an upload under the form, the wide one). With `switch`, only the
    controls cls.fields_for(that field's value) names (a Fourier scale only with Fourier features). `widths`
    and `gap`: the two columns' (st.columns), the form's first; `title`: a section's heading over both."""
    if title:
        heading(title)
    controls, main = st.columns(list(widths), gap=gap)
    with controls:
        settings = settings_form(cls, key, switch=switch)
    return settings, controls, main


def grouped_form(cls: type[Settings], key: str, where=None, notes: dict[str, Callable[[dict], str]] | None = None,
                 **fixed) -> Settings:
    """settings_form() of the settings' groups (Settings.groups), a heading over each, its widgets in `where`
    (the sidebar) when given; notes[title](the values so far) as a caption under its group. What
    validation changed is said where the page is (beside the result)."""
    values = dict(fixed)
    with where or contextlib.nullcontext():
        for title in cls.groups:
            values |= headed_widgets(cls, title, key)
            if notes and title in notes:
                st.caption(notes[title](values))
    settings = remember(key, cls.from_values(values))
    for notice in settings.notices:
        st.info(notice)
    return settings


def headed_widgets(cls: type[Settings], title: str, key: str, intro: str | None = None) -> dict[str, Any]:
    """A header over the widgets of the settings' group of that title (`intro`, a caption, between them):
    their values by field, for a form to validate (grouped_form, or settings_form's `fixed`)."""
    st.header(title)
    if intro:
        st.caption(intro)
    return {name: widget(name, cls.control_of(name), f"{key}.{name}") for name in cls.group(title)}


def remember(section: str, settings: Settings) -> Settings:
    """Note a section's settings as the page shows them: the page's link is written from these."""
    st.session_state.setdefault(CURRENT, {})[section] = settings
    return settings


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """Show a StudioError's message in place; the page keeps working."""
    try:
        yield
    except StudioError as exc:
        st.error(str(exc), icon="⚠️")


def live_run(key: str, start: Callable[[], Iterator[Frame]], label: str = "Run",
             every: int = 1, note: str | None = None) -> Frame | None:
    """Run and Stop buttons (and a short note on what a run does, beside them: a line above would
    push the result down); streams frames (progress + intermediate image) while working.

    Stop (or any widget change) makes Streamlit rerun the script, which interrupts the loop;
    the last frame is kept in session state, so what was reached stays on the page. A refusal
    (StudioError) stays under the buttons until the next run, however often the page reruns.
    """
    run_col, stop_col, note_col = st.columns([3, 2, 7], vertical_alignment="center")   # "Run the sweep" whole
    run = preset_button(label, f"{key}.run", run_col, type="primary", width="stretch")
    stop = stop_col.button("Stop", key=f"{key}.stop", width="stretch")
    if note:
        note_col.caption(note)
    progress, picture = st.empty(), st.empty()
    state, failed = f"{key}.last", f"{key}.failed"
    if run:
        st.session_state[state] = None
        st.session_state.pop(failed, None)
        try:
            for frame in start():
                st.session_state[state] = frame
                progress.progress(frame.progress, text=f"Step {frame.step} of {frame.total}")
                if frame.image is not None and (frame.step % every == 0 or frame.done):
                    picture.image(frame.image, caption=frame.caption or None)
        except StudioError as exc:
            st.session_state[failed] = str(exc)
        progress.empty()
        picture.empty()
    if st.session_state.get(failed):   # under the buttons, through every rerun until the next run
        st.error(st.session_state[failed], icon="⚠️")
    frame = st.session_state.get(state)
    if stop and frame is not None and not frame.done:
        st.info(f"Stopped at step {frame.step} of {frame.total}; here is where it got to.")
    return frame


DOWNLOAD_KEYS = {"PNG": "png", "PNG with caption": "pngc", "Slide": "slide", "GIF": "gif"}   # widget keys as before


def downloads(key: str, image: Image.Image, caption: str, settings: dict,
              frames: Sequence[Image.Image] = (), name: str = "studio", duration_ms: int = 120,
              title: str | None = None, where=None) -> None:
    """PNG (settings embedded), PNG with a caption band, a 1920×1080 slide and, when there are
    frames, a GIF (in `where`, a column, when given).

    The files are encoded only when a button is clicked (callables), not on every rerun.
    """
    made = exports(name, image, caption, settings, frames, duration_ms, title)
    with where or contextlib.nullcontext():
        export_buttons(made, [f"{key}.{DOWNLOAD_KEYS[export.label]}" for export in made])


def export_buttons(made: Sequence[Export], keys: Sequence[str]) -> None:
    """A download button per studio.exports.Export (widget keys `keys`), side by side, each file made only when
    its button is clicked. As many columns as buttons: beside the denoising means, four cut "PNG with caption"
    short."""
    for col, export, key in zip(st.columns(len(made)), made, keys):
        col.download_button(export.label, export.make, export.filename, export.mime, help=export.help, key=key,
                            width="stretch")


def upload(label: str, key: str, *, multiple: bool = False, help: str | None = None, archives: bool = False,
           where=None, note: str | None = None) -> Upload | list[Upload] | None:
    """A file picker for images (and ZIPs of them with `archives`, unpacked by studio/image_sets.py), in `where` (a
    column) when given, `note` a caption under it. Streamlit hands over the bytes as sent; the core decodes them."""
    suffixes = UPLOAD_SUFFIXES + ((".zip",) if archives else ())
    with where or contextlib.nullcontext():
        files = st.file_uploader(label, type=[s.lstrip(".") for s in suffixes], key=key, help=help,
                                 accept_multiple_files=multiple)
        if note:
            st.caption(note)
    if multiple:
        return [Upload(f.name, f.getvalue()) for f in files or []]
    return Upload(files.name, files.getvalue()) if files is not None else None


def upload_as(label: str, key: str, convert: Callable[[Upload], Any], *, where=None,
              prompt: tuple[str, str] | None = None, help: str | None = None) -> Any:
    """upload() (in `where`, a column, when given) of a file that convert(upload) turns into what the page takes
    (a digit in MNIST form). A bad file's message is said here, in place, and gives None, as no file does;
    `prompt` (text, icon): said while there is no file."""
    with where or contextlib.nullcontext():
        photo = upload(label, key=key, help=help)
    if photo is None and prompt:
        st.info(prompt[0], icon=prompt[1])
    if photo is not None:
        with friendly_errors():
            return convert(photo)
    return None


def explainers(texts: Sequence[tuple[str, str]], expanded: bool = True, intro: str | None = None) -> None:
    """A demo's teaching texts (studio/texts/), one expander each (none in presentation mode:
    the lecturer says them); `intro`, a section's introduction, before them (shown when presenting too)."""
    if intro:
        st.markdown(intro)
    if presenting():
        return
    for title, text in texts:
        with st.expander(title, expanded=expanded):
            st.markdown(text)


def heading(title: str, intro: str | None = None, small: bool = False) -> None:
    """A section's heading, its introduction under it (`small`: as a caption)."""
    st.subheader(title)
    if intro:
        (st.caption if small else st.markdown)(intro)


def lecture_text(text: str) -> None:
    """A teaching text under a result, left out in presentation mode (the lecturer says it)."""
    if not presenting():
        st.markdown(text)


def titled(title: str, image, where=None, chart: str | None = None, **kwargs) -> None:
    """A picture under its title as text (in `where`, a column, when given); kwargs go to st.image. `chart`: the
    picture is a plotly figure, drawn by plotly() with that key."""
    with where or contextlib.nullcontext():
        st.markdown(title)
        if chart:
            plotly(image, chart)
        else:
            st.image(image, output_format="PNG", **kwargs)


def gif(frames: Sequence[Image.Image], caption: str | None = None, width: int | str = "content",
        duration_ms: int = 120) -> None:
    """A run's pictures as an animation in the page."""
    st.image(gif_bytes(frames, duration_ms=duration_ms), caption=caption, width=width)


def result_area(key: str, reserve_rem: float, stacked: int = 1):
    """A container for a page's main result whose pictures are never taller than the screen less
    `reserve_rem` (what sits above and below them: header, tabs, buttons, captions), so the result
    fits a projector without scrolling; the full-size picture is in the downloads. `stacked`
    pictures one above the other share that height (a start picture above its instant preview).
    A heading in it is kept small enough for one line, also in presentation mode."""
    st.html(f"<style>.st-key-{key} [data-testid='stImage'] img {{ "
            f"max-height: calc((100vh - {reserve_rem}rem) / {stacked}); "
            "width: auto !important; align-self: center; object-fit: contain; }"
            f".st-key-{key} h3 {{ font-size: 1.4rem; }}</style>")   # a heading over a result: one line
    return st.container(key=key)


def chart(fig, key: str, **kwargs) -> None:
    """A plotly chart readable on a projector: its numbers at 16 px, and its title above it as text,
    which wraps in a narrow column where plotly's would be cut off."""
    title = fig.layout.title.text
    if title:
        st.markdown(f"**{title}**")
    fig.update_layout(title=None, font={"size": 16}, margin={"t": 30})
    kwargs.setdefault("theme", None)   # Streamlit's theme would set the ticks back to 12 px
    st.plotly_chart(fig, key=key, config=CHART_EXPORT, **kwargs)


# The chart's camera button ("Download plot as a PNG") at three times the screen's pixels: text and
# lines grow with it, so the PNG goes onto a 1920×1080 slide as crisply as the pictures' exports.
CHART_EXPORT = {"toImageButtonOptions": {"format": "png", "scale": 3}}


def plotly(fig, key: str, where=None) -> None:
    """A plotly figure drawn as it is made (in `where`, a column, when given): no Streamlit theme over its own
    layout, its camera button at CHART_EXPORT's scale (a live view redrawn in place: the key keeps it one element)."""
    (where or st).plotly_chart(fig, key=key, theme=None, config=CHART_EXPORT)


def numbers_area(key: str):
    """A container for numbers a lecturer points at: its captions as large as body text (16 px)."""
    return st.container(key=f"{key}-numbers")


def metric_cards(cards: Sequence[tuple[str, str, str | None, str]], per_row: int = 2, help: str | None = None) -> None:
    """Big numbers, `per_row` side by side (beside a result, four in a row cut them off: "11.5…" at 1280 px):
    each card is (label, value, delta or None, a caption under it)."""
    columns = [col for _ in range(0, len(cards), per_row) for col in st.columns(per_row)]
    for col, (label, value, delta, caption) in zip(columns, cards):
        col.metric(label, value, delta=delta, help=help)
        col.caption(caption)


def picture_row(pictures: Sequence[tuple[str, Any]], **kwargs) -> None:
    """(caption, picture) side by side, a column each (the steps of a pipeline); kwargs go to st.image."""
    for col, (caption, image) in zip(st.columns(len(pictures)), pictures):
        col.image(image, caption=caption, width="stretch", **kwargs)


# --- every state is a link ----------------------------------------------------------------------

CURRENT = "link.current"        # section -> Settings, as this run's widgets left them
PRESSED = "link.pressed"        # the button the link this run applied presses (links.Link.run): preset_button
PRESENT = "present"             # the presentation-mode toggle (and ?present=1)
SENT = "link.sent"              # (widget key -> value a link set, runs completed since): resent until delivered
RESEND_RUNS = 2                 # completed runs after which a link's values have surely reached the browser
# Presentation mode: everything 25% larger (Streamlit sizes in rem), the numbers a lecturer
# points at larger still, the page's width used to the edges.
PRESENT_CSS = """<style>
html { font-size: 20px; }
[data-testid="stMetricValue"] { font-size: 2rem; }   /* 40 px: 48 cut "17.6 dB" off beside the sheet */
/* a metric's delta chip wraps rather than cut its words ("+10.2 dB vs n…" at 1280 px) */
[data-testid="stMetricDelta"] { height: auto; }
[data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] { white-space: normal; overflow: visible; text-overflow: clip; }
[data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p { white-space: normal; }
[data-testid="stImageCaption"], [data-testid="stCaptionContainer"] { font-size: 0.9rem; color: #333; }
[data-testid="stMainBlockContainer"] { padding-top: 2rem; max-width: 100%; }
h1 { font-size: 1.6rem !important; padding-top: 0 !important; }
</style>"""


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT))


def _widget_key(module, section: str, name: str, values: dict) -> str:
    """The session-state key of a setting's widget: '<section>.<field>' unless the page says otherwise."""
    custom = getattr(module, "link_widget_key", None)
    return (custom(section, name, values) if custom else None) or f"{section}.{name}"


def apply_link(demo_key: str, module, link: links.Link) -> None:
    """Set the page's widgets to what a link, a preset or a PNG asks (before they are drawn)."""
    fields = link.fields()
    sent = {}
    for (section, name), value in fields.items():
        cls = presets.settings_class(demo_key, section)
        # a custom key reads its section's other values (the layer's widget is keyed by the network)
        values = {**{n: c.default for n, c in cls.controls()}, **{n: v for (s, n), v in fields.items() if s == section}}
        sent[_widget_key(module, section, name, values)] = cls.control_of(name).to_widget(value)
    for name, value in link.picks.items():
        state_key = getattr(module, "LINK_PICKS", {}).get(name)
        if state_key:
            sent[state_key] = value
    st.session_state.update(sent)
    st.session_state[SENT] = (sent, 0)
    if link.opens:
        _, opened = st.session_state.get(f"link.{demo_key}.view", ("", 0))
        st.session_state[f"link.{demo_key}.view"] = (link.opens, opened + 1)
        st.session_state[f"link.{demo_key}.shown"] = link.opens
    st.session_state["link.notices"] = list(link.notices)
    if link.target:   # a preset opens where its result is: scrolled to in the browser, link_bar
        st.session_state["link.focus"] = (link.target, "")
    if link.run:   # and its quick result made in this very run (pressed(): no click that a rerun can lose)
        st.session_state[PRESSED] = link.run


def _resend_link() -> None:
    """Set the widgets a link set again, each still at the link's value (one the visitor has not changed since).
    A click as the page opens (a tab) reruns it before its first run is over, and Streamlit then drops that
    run's messages not yet sent: a widget whose value went in one of them would show its default in the
    browser while the server holds the link's value, and the next click would send the default back. A value
    set again in this run is sent with the widget again, and the browser takes it."""
    sent, _ = st.session_state.get(SENT, ({}, 0))
    for key, value in sent.items():
        if key in st.session_state and st.session_state[key] == value:
            st.session_state[key] = value


def preset_button(label: str, key: str, where=None, **kwargs) -> bool:
    """st.button (in `where`, a column), also pressed by the preset this run opened: a bare ?preset=NAME
    link makes its quick result on the server as the page is built. (A click sent from the browser as the
    page opened could be lost to a rerun the opening page still made: the preset then showed no result.)"""
    return (where or st).button(label, key=key, **kwargs) or st.session_state.get(PRESSED) == key


def view_tabs(demo_key: str, tabs: dict[str, str],
              draws: dict[str, Callable[[], None]] | None = None) -> dict[str, Any]:
    """st.tabs, one per distinct label of `tabs` (view -> tab label), opened on the view a link, a
    preset or a dropped PNG names (`?view=sweep`, the layer-sweep preset); returns view -> container.
    The tab on screen is the view the page's link carries (a click on a tab reruns the page, which
    writes it into the address), so a copied link reopens on it. `draws` (view -> function): each
    function draws its view in its tab, in that order."""
    view, opened = st.session_state.get(f"link.{demo_key}.view", ("", 0))
    labels = list(dict.fromkeys(tabs.values()))
    # a tab bar's `default` counts only when it is first drawn: a new key for each link opened draws it anew
    containers = st.tabs(labels, default=tabs.get(view), key=f"{demo_key}.tabs.{opened}", on_change="rerun")
    by_label = dict(zip(labels, containers))
    on_screen = next((label for label, tab in by_label.items() if tab.open), labels[0])
    shown = st.session_state.get(f"link.{demo_key}.shown", view)
    if tabs.get(shown) != on_screen:   # views that share a tab (walk on the grid's) keep their name while it shows
        shown = next(v for v, label in tabs.items() if label == on_screen)
    st.session_state[f"link.{demo_key}.shown"] = shown
    for view, draw in (draws or {}).items():
        with by_label[tabs[view]]:
            draw()
    return {v: by_label[label] for v, label in tabs.items()}


def _on_preset(demo_key: str, module) -> None:
    name = st.session_state.get(f"link.{demo_key}.preset")
    if name:
        apply_link(demo_key, module, links.from_preset(demo_key, name))
        st.session_state["link.notices"] = [links.preset_notice(demo_key, name)]


def _on_png(demo_key: str, module) -> None:
    file = st.session_state.get(f"link.{demo_key}.png")
    if file is None:
        return
    try:
        link = links.from_state(demo_key, slides.settings_from_png(file.getvalue()))
    except StudioError as exc:
        st.session_state["link.notices"] = [f"⚠️ {exc}"]
        return
    apply_link(demo_key, module, link)
    st.session_state["link.notices"] = [f"Settings restored from {file.name}.", *link.notices]


def _wrote(demo_key: str, params: dict) -> None:
    written = st.session_state.setdefault(f"link.{demo_key}.written", [])
    if params not in written:
        written.append(dict(params))
        del written[:-32]


def link_bar(demo_key: str, module) -> dict:
    """Top of the sidebar: the page's link (with a copy button), a preset menu and a drop zone for
    a studio PNG. A link opened from outside (a new visit, an edited address) sets the widgets."""
    params = st.query_params.to_dict()
    elsewhere = links.page_of(params, demo_key)
    if elsewhere != demo_key:   # ?preset=NAME of another page (a preset names its page): open that page
        open_page(elsewhere, params)
    # Addresses this session wrote itself: a rerun can still carry an older one than the last
    # (the browser had not caught up while a slider moved), and that must not set the widgets back.
    written = st.session_state.setdefault(f"link.{demo_key}.written", [])
    _resend_link()
    if params not in written and any(k not in links.PASSIVE for k in params):
        apply_link(demo_key, module, links.parse(demo_key, params))
    _wrote(demo_key, params)
    st.session_state[CURRENT] = {}
    if PRESENT not in st.session_state:
        st.session_state[PRESENT] = links.presenting(params)
    with st.sidebar:
        st.toggle("Presentation mode", key=PRESENT,
                  help="For a projector: hides the long explanations and sets text, numbers and results larger. "
                       "Also a link: ?present=1.")
        with st.expander("🔗 Link · presets · restore", expanded=False):
            choices = [p.name for p in presets.all_presets(demo_key)]
            st.selectbox("Preset", choices, index=None, placeholder="Start from a preset…",
                         format_func=lambda n: presets.get(n).title, key=f"link.{demo_key}.preset",
                         on_change=_on_preset, args=(demo_key, module),
                         help="Named starting points; each is also a link: ?preset=NAME.")
            place = st.empty()
            st.file_uploader("Restore from a studio PNG", type=["png"], key=f"link.{demo_key}.png",
                             on_change=_on_png, args=(demo_key, module),
                             help="Any PNG the studio saved (PNG, captioned PNG or slide) carries its settings.")
    # One container, drawn on every run whether or not it holds a notice: the elements after it keep their
    # place, so the rerun after a notice (a click on Start) does not redraw the tab bar on its first tab.
    with st.container(key=f"{demo_key}-link-notices"):
        if presenting():
            st.html(PRESENT_CSS)
        for notice in st.session_state.pop("link.notices", []):
            st.info(notice)
        focus = st.session_state.pop("link.focus", None)
        if focus:
            st.html(f"<script>{links.focus_script(*focus)}</script>", unsafe_allow_javascript=True)
    return {"place": place, "params": params}


def open_page(demo_key: str, params: dict) -> None:
    """Go to a demo's page with a link's parameters (a preset's own page; Gradio's ?demo=KEY&…)."""
    st.switch_page(demo(demo_key).page, query_params={k: v for k, v in params.items() if k != "demo"})


def write_link(demo_key: str, module, bar: dict) -> None:
    """After the page: its state into the address bar, and the full link into the copy box."""
    picks = {name: st.session_state.get(state_key) for name, state_key in getattr(module, "LINK_PICKS", {}).items()}
    q = links.query(demo_key, st.session_state.get(CURRENT, {}),
                    {k: v for k, v in picks.items() if isinstance(v, str)},
                    view=st.session_state.get(f"link.{demo_key}.shown", ""))
    if presenting():
        q["present"] = "1"
    st.session_state.pop(PRESSED, None)   # a link presses its button on the run that opened it, not later
    sent, runs = st.session_state.get(SENT, ({}, 0))
    if runs + 1 < RESEND_RUNS:   # a run that has finished can still lose its last messages to the next one
        st.session_state[SENT] = (sent, runs + 1)
    else:
        st.session_state.pop(SENT, None)
    if q != bar["params"]:
        st.query_params.from_dict(q)
        _wrote(demo_key, q)
    base = (st.context.url or "").split("?")[0]
    bar["place"].code(base + links.query_string(q), language=None, wrap_lines=True)


# --- live training: Start, Stop, Reset and a job's time limit (Foundations' painter and race, the 2-D GAN) ---

LIVE_BUTTONS = {"Start": "start", "Stop": "stop", "Reset": "reset"}   # label -> widget key suffix


def live_training(key: str, ident, make: Callable[[], Any], show: Callable[[Any, bool], None], refresh_s: float,
                  busy: float = 0.7, step: tuple[str, Callable[[Any], None]] | None = None,
                  burst_s: float | None = None) -> None:
    """Start, Stop, (`step`: a button that trains a little, "Step (100)") and Reset. While running only a
    fragment reruns, every `refresh_s`, training `busy` of that time in between, until the trainer's budget
    or a shared studio's time limit for one job (studio.live). The trainer from make() is kept while
    `ident` (its settings, an uploaded picture) stays the same; show(trainer, stopped) draws it.
    `burst_s`: train in bursts of up to that many seconds between redraws, long enough that a redraw
    (this page's drawing and Streamlit's rerun of the fragment, measured) costs at most a fifth of the time."""
    running, state = f"{key}.running", f"{key}.state"
    labels = ["Start", "Stop", *([step[0]] if step else []), "Reset"]
    cols = st.columns([1] * len(labels) + [6 - len(labels)])
    clicked = {label: col.button(label, type="primary" if label == "Start" else "secondary", width="stretch",
                                 key=f"{key}.{LIVE_BUTTONS.get(label, 'step')}") for col, label in zip(cols, labels)}
    if clicked["Start"]:
        st.session_state[running] = True
        st.session_state[f"{key}.started"] = time.monotonic()
        st.session_state.pop(f"{key}.note", None)
    if clicked["Stop"] or clicked["Reset"] or (step and clicked[step[0]]):
        st.session_state[running] = False
    if clicked["Reset"]:
        st.session_state.pop(state, None)
    if step and clicked[step[0]]:
        with friendly_errors():
            trainer = st.session_state[state] = live.kept(st.session_state.get(state), ident, make)
            with live.lock(trainer):   # after the tick this click cut short has finished its training
                step[1](trainer)
    st.fragment(_live_tick, run_every=refresh_s if st.session_state.get(running) else None)(
        key, ident, make, show, refresh_s * busy, burst_s)


def live_picture(key: str, training: tuple[Any, Callable[[], Any]], view: Callable[[Any], tuple], refresh_s: float,
                 *, prompt: str | None = None, numbers: Callable[[Any], Sequence[tuple[str, str, str]]] | None = None,
                 download: Callable[[Any, Any], dict] | None = None, **kwargs) -> None:
    """live_training (its kwargs too) of the trainer that training = (ident, make) keeps, drawn as view(trainer) =
    (its picture, its chart or None) and numbers(trainer) side by side under them, (label, value, help) each;
    once stopped after a step, the downloads of download(trainer, picture) (studio.exports' arguments).
    `prompt`: what is missing before it can start (a picture to upload), said instead."""
    if prompt:
        st.info(prompt, icon="🖼️")
        return

    def show(trainer, stopped: bool) -> None:
        picture, figure = view(trainer)
        st.image(picture, output_format="PNG")
        if numbers:
            for col, (label, value, tip) in zip(st.columns(2), numbers(trainer)):
                col.metric(label, value, help=tip)
        if figure is not None:
            plotly(figure, f"{key}.chart")
        if stopped and trainer.step and download:
            downloads(key, **download(trainer, picture))

    live_training(key, *training, show, refresh_s, **kwargs)


BURST_SHARE = 0.8   # with burst_s: the share of wall time a live training spends training


def _burst(key: str, seconds: float, burst_s: float | None) -> float:
    """How long this tick trains: `seconds`, or with `burst_s` long enough that the time since the last
    tick's training ended (a redraw: drawing, the fragment's rerun, the browser) is at most 1 - BURST_SHARE
    of the whole, up to burst_s. A fragment tick asked for while one runs waits for it, so ticks follow
    each other at once and the page redraws after every burst."""
    ended = st.session_state.get(f"{key}.trained_until")
    if not burst_s or ended is None:
        return seconds
    redraw = time.monotonic() - ended
    if redraw > 2 * burst_s:   # not a tick straight after the last one (a Start, a rerun of the page)
        return seconds
    return min(burst_s, max(seconds, redraw * BURST_SHARE / (1 - BURST_SHARE)))


def _live_tick(key: str, ident, make: Callable[[], Any], show: Callable[[Any, bool], None], seconds: float,
               burst_s: float | None = None) -> None:
    running, note = f"{key}.running", f"{key}.note"
    trainer, stop_now = None, False
    with friendly_errors():
        trainer = st.session_state[f"{key}.state"] = live.kept(st.session_state.get(f"{key}.state"), ident, make)
        # Streamlit runs a click at once, beside the tick it cuts short (fastReruns): wait for that tick's
        # training, so the step shown after Stop is the model's and no two threads train it
        with live.lock(trainer):
            rate = None
            if st.session_state.get(running):
                st.session_state[note] = live.paused(st.session_state[f"{key}.started"]) or ""
                stop_now = bool(st.session_state[note])
                if not stop_now and not trainer.finished:
                    try:
                        rate = trainer.train_for(_burst(key, seconds, burst_s))
                    except Exception:
                        st.session_state[running] = False
                        raise
                    st.session_state[f"{key}.trained_until"] = time.monotonic()
            st.caption(trainer.status(rate) + st.session_state.get(note, ""))
            show(trainer, stop_now or not st.session_state.get(running))
    if st.session_state.get(running) and (stop_now or trainer is None or trainer.finished):
        st.session_state[running] = False
        st.rerun()   # the budget (or the job's time) is spent: stop the fragment's timer


# --- shared by several demos' pages (issue 21): runs that leave a result, results, kept previews ----

def recorded_run(key: str, start: Callable[[], Iterator[Frame]], context: Any = None, *,
                 on_frame: Callable[[Recording], None] | None = None, **kwargs) -> tuple[Recording, Any] | None:
    """live_run (its kwargs too) that keeps the run's Recording and `context` (what made it: the job,
    the settings) in session state until the next run; on_frame(recording) after each frame (a live
    plot). (recording, context) once a run has left a picture, else None."""
    def job():
        recording = st.session_state[f"{key}.recording"] = Recording()
        st.session_state[f"{key}.context"] = context
        for frame in recording.keep(start()):
            if on_frame is not None:
                on_frame(recording)
            yield frame

    frame = live_run(key, job, **kwargs)
    recording = st.session_state.get(f"{key}.recording")
    if frame is None or recording is None or not recording.pictures:
        return None
    return recording, st.session_state.get(f"{key}.context")


def recorded_result(key: str, start: Callable[[], Iterator[Frame]], context: Any,
                    result: Callable[[Any, Recording], Outcome], *, chart: Callable[..., None] | None = None,
                    text: Callable[[Any, Recording], str] | None = None, show: dict | None = None,
                    **kwargs) -> tuple[Recording, Any] | None:
    """recorded_run (its kwargs too) whose result(context, recording) is shown once a run has left a picture
    (shown_result, its kwargs in `show`; text(context, recording) under the picture); `chart`, a live_chart's
    draw, follows the run and is drawn "final" beside its result. Returns what recorded_run returns."""
    ran = recorded_run(key, start, context, on_frame=chart, **kwargs)
    if ran is not None:
        recording, done = ran
        shown_result(key, result(done, recording), text=text(done, recording) if text else None, **(show or {}))
        if chart is not None:
            chart(recording, "final")
    return ran


def result_downloads(key: str, result: Outcome) -> None:
    """downloads() of a run's result (studio.frames.Outcome)."""
    downloads(key, result.image, result.caption, result.settings, frames=result.frames, name=result.name,
              duration_ms=result.duration_ms)


def shown_result(key: str, result: Outcome, gif_title: str | None = None, *, shown: Callable | None = None,
                 gif_ms: int | None = None, text: str | None = None, gif_beside: str | None = None,
                 **image_kwargs) -> None:
    """A result (studio.frames.Outcome) on the page: its picture, captioned (`shown`: the picture as the page
    shows it, a sheet without its baked caption band), `text` under it (a table), its frames as a GIF in an
    expander titled `gif_title` (every `gif_ms`, by default the downloads' pace), and its downloads. kwargs go
    to st.image. `gif_beside`: a run whose picture is its last frame (a zoom), the GIF beside it, captioned so."""
    place, beside = st.columns(2) if gif_beside else (st, None)
    caption = f"last frame · {result.caption}" if gif_beside else result.caption
    place.image(shown(result.image) if shown else result.image, caption=caption, **image_kwargs)
    if beside is not None:
        with beside:
            gif(result.frames, caption=gif_beside, duration_ms=gif_ms or result.duration_ms)
    if text:
        st.markdown(text)
    if gif_title and len(result.frames) > 1:
        with st.expander(gif_title):
            gif(result.frames, duration_ms=gif_ms or result.duration_ms)
    result_downloads(key, result)


def kept(key: str, inputs: Any, make: Callable[[], Any], failed: Any = None) -> Any:
    """make(), made again only when `inputs` change (kept in session state): an instant preview on
    every rerun costs nothing. `failed` when it raises a StudioError (Run says why; the page stays whole)."""
    last = st.session_state.get(key)
    if last is None or last[0] != inputs:
        try:
            last = st.session_state[key] = (inputs, make())
        except StudioError:
            return failed
    return last[1]


def live_chart(figure: Callable[[Recording], Any], key: str, where=None) -> Callable[..., None]:
    """A chart a run redraws as it goes, in a place made here (in `where`, a column, when given):
    draw(recording) after each frame (recorded_run's on_frame), draw(recording, "final") beside its result."""
    place = (where or st).empty()

    def draw(recording: Recording, name: str | None = None) -> None:
        with place.container():
            chart(figure(recording).update_layout(template="plotly_white"),
                  key=f"{key}.{name or len(recording.history)}")

    return draw


# --- pickers: what a page offers to choose from, kept through reruns -------------------------------

def info_once(key: str, note: str | None, icon: str | None = None) -> None:
    """A note shown once a session (the first run that has one), not on every rerun."""
    if note and not st.session_state.get(key):
        st.session_state[key] = True
        st.info(note, icon=icon)


def infos(notes: Sequence[str], where=None) -> None:
    """Each note (what was said about a picture, a clamped value) in an info box of its own, in `where` (a
    column, a place under a picker) when given."""
    for note in notes:
        (where or st).info(note)


def kept_picture(key: str, inputs: Any, make: Callable[[], Any], caption: str, failed: Any = None,
                 where=None) -> None:
    """kept(make): an instant preview, as wide as its column (in `where`, when given), captioned; none while
    make() has nothing to show (a picture it needs is still to come)."""
    image = kept(key, inputs, make, failed)
    if image is not None:
        (where or st).image(image, caption=caption, width="stretch")


def kept_uploads(key: str, label: str, help: str | None = None) -> dict[str, Upload]:
    """An upload box whose images are kept for the session by name ("upload:NAME" -> Upload), so they join
    the pages' pickers beside the built-in ones (and are still there after the box is cleared)."""
    uploads = st.session_state.setdefault(f"{key}s", {})
    image = upload(label, key=key, help=help)
    if image is not None:
        uploads[f"upload:{image.name}"] = image
    return uploads


def kept_choices(defaults: dict[str, Any], offered: Sequence, fallback: Any) -> None:
    """The widget keys of pickers: each starts at its default (unless a link set it), and one that holds
    what is no longer offered (a gallery file that went away) takes `fallback`."""
    for key, default in defaults.items():
        st.session_state.setdefault(key, default)
        if st.session_state[key] not in offered:
            st.session_state[key] = fallback


def picture_picker(label: str, options: Sequence[str], key: str, format_func: Callable[[str], str]) -> tuple[str, Any]:
    """A selectbox of pictures (their keys, named by format_func) and a place under it for what is said about the
    picked one and its thumbnail, as Gradio's picture_picker shows it: (the picked key, the place)."""
    return st.selectbox(label, options, key=key, format_func=format_func), st.container()


def swap_values(a: str, b: str) -> None:
    """A button's on_click: two widgets exchange their values (the photo and the painting)."""
    st.session_state[a], st.session_state[b] = st.session_state[b], st.session_state[a]
