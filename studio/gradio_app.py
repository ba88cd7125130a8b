"""The Gradio app: one gr.Blocks with a home tab and a tab per demo of the registry, queued, with its
lanes and limits (what `python app.py` and a Hugging Face Space launch). The widgets of each tab are the
demo's own gradio.py; the helpers they share are studio/ui/gradio_ui.py."""

from __future__ import annotations

import copy
import functools
import gc
import importlib
import inspect
import logging
import os
import threading
import time

import gradio as gr
import gradio.state_holder

from studio import budget, config, lanes, links, paintings, presets
from studio.demos import DEMOS, INTRO, workshop, workshop_line
from studio.errors import StudioError
from studio.images import MAX_BYTES
from studio.ui import gradio_tuning
from studio.ui.common import device_line, inventory_markdown, start_up
from studio.ui.gradio_ui import (_ON_LOAD, CSS, HEAVY, LIGHT_CONCURRENCY, NOT_UPLOADED, PRESENT_JS, QUEUE_SIZE, LinkBar,
                                 _params, messages_in_place, theme)

log = logging.getLogger("studio")

class StudioBlocks(gr.Blocks):
    """gr.Blocks whose input errors reach the visitor as one sentence. Gradio itself refuses a file
    reference outside its upload folder, but its message ("Cannot move <path> to the gradio cache
    dir…", "[Errno 2] No such file or directory: '<path>'") repeats the server path."""

    async def preprocess_data(self, *args, **kwargs):
        try:
            return await super().preprocess_data(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:
            log.info("refused an input: %s", type(exc).__name__)
            files = isinstance(exc, (OSError, gr.exceptions.InvalidPathError))
            raise gr.Error(NOT_UPLOADED if files else "The studio could not read the inputs of this request. "
                           "Reload the page and try again.", print_exception=False) from None

def _lanes(app: gr.Blocks) -> None:
    """Every event not marked HEAVY joins the one light lane (not a lane of its own each). On a hosted
    studio a heavy event's work runs on the heavy pool's threads, below the server's priority
    (studio/lanes.py), so pages and the light lane answer while it computes. Call after messages_in_place."""
    for fn in app.fns.values():
        if fn.concurrency_id != HEAVY["concurrency_id"]:
            fn.concurrency_id, fn.concurrency_limit = "light", LIGHT_CONCURRENCY
        elif budget.hosted() and lanes.HEAVY_NICE and fn.fn is not None and not (
                inspect.iscoroutinefunction(fn.fn) or inspect.isasyncgenfunction(fn.fn)):
            lanes.HEAVY_POOL.threads = start_up()   # the studio's torch threads (one core fewer than the machine)
            fn.fn = lanes.HEAVY_POOL.run(fn.fn)

CARDS_PER_ROW = 4   # at 1280×720 every title on one line and every Open button on the first screen


def _home_tab() -> dict[str, gr.Button]:
    """The studio in a few lines, the suggested path through a workshop (studio.demos.WORKSHOP) and a
    card per demo in its order with an Open button (build_app wires each to its tab)."""
    gr.Markdown(f"# 🎛️ Studio <small>An interactive teaching studio for generative deep learning</small>\n{INTRO}",
                elem_classes=["studio-home-head"])
    gr.Markdown(workshop_line())
    steps, opens = workshop(), {}
    for row in range(0, len(steps), CARDS_PER_ROW):
        with gr.Row(equal_height=True):
            for n, stage, d in steps[row:row + CARDS_PER_ROW]:
                with gr.Column(min_width=200, variant="panel", elem_classes=["studio-card"]):
                    gr.Markdown(f"{n} · {stage.title}\n#### {d.icon} {d.title}\n{d.teaches}")
                    opens[d.key] = gr.Button("▶️ Open" if d.ready else "▶️ Open (coming soon)", size="sm")
            for _ in range(CARDS_PER_ROW - len(steps[row:row + CARDS_PER_ROW])):
                gr.Column(min_width=200)   # the last row's cards as wide as the others
    gr.Markdown(device_line())
    try:
        gr.Markdown("#### On this computer\n" + inventory_markdown())
    except StudioError as exc:
        gr.Markdown(f"⚠️ {exc}")
    return opens

def _demo_tab(d) -> None:
    # One compact header row (name, what it teaches, and the link bar of a demo with links), so
    # that on a 1280×720 projector the result, not the header, fills the screen.
    with gr.Row(elem_classes=["studio-head"], equal_height=False):
        gr.Markdown(f"**{d.icon} {d.title}** · {d.teaches}", elem_classes=["studio-title"])
        if d.ready and d.key in presets.SECTIONS:
            with gr.Column(scale=0, min_width=300) as head:
                bar = {"link_bar": LinkBar(d.key)}
        else:
            head, bar = None, {}
    if d.ready:
        # A tab that cannot be built (MNIST or weights missing, no network) says why in
        # place; the other tabs and the app keep working.
        with gr.Column() as body:
            try:
                importlib.import_module(d.gradio_module).build_tab(**bar)
            except StudioError as exc:
                body.visible = False
                failed = str(exc)
            else:
                failed = None
        if failed:
            if head is not None:
                head.visible = False
            gr.Markdown(f"⚠️ {failed}")
    else:
        gr.Markdown(f"🚧 This demo is being built. It will need: {d.needs}.")

class _BlockConfigs(dict):
    """A session's copy of each block's config, built when first read. Gradio keeps it only for its
    deep links (gr.DeepLinkButton, which the studio does not use) and builds all of it when a session
    starts: for the studio's ~640 blocks 53 ms of pure Python in the event loop (measured with
    time.process_time), during which no page, upload or queue message is served. A class of 30
    opening the page at once would lose 1.6 s that way (30 × 53 ms). Reading every config (the deep-link
    route) builds them all."""

    def __init__(self, session: "_LazySessionState", ids):
        super().__init__()
        self._session, self._ids = session, ids

    def __missing__(self, key):
        if key not in self._ids:
            raise KeyError(key)
        config = self[key] = self._session.blocks_config.config_for_block(
            key, [], self._session.blocks_config.blocks[key])
        return config

    def _all(self) -> "_BlockConfigs":
        for key in self._ids:
            if not dict.__contains__(self, key):
                self[key]   # noqa: B018 (builds it)
        return self

    def items(self):
        return dict.items(self._all())

    def values(self):
        return dict.values(self._all())

    def __iter__(self):
        return dict.__iter__(self._all())

    def __len__(self):
        return dict.__len__(self._all())


class _LazySessionState(gradio.state_holder.SessionState):
    """Gradio's SessionState (gradio==6.31, pinned) with its block configs built on demand (_BlockConfigs).
    The other attributes are Gradio's own; tests/test_hosting.py compares the two."""

    def __init__(self, blocks: gr.Blocks):
        self.blocks_config = copy.copy(blocks.default_config)
        self.config_values = _BlockConfigs(self, [k for k in self.blocks_config.blocks if k in blocks.blocks])
        self.state_data, self._state_ttl, self.is_closed = {}, {}, False
        self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600


def _lazy_sessions() -> None:
    """New sessions (a student's first event) start without building every block's config: Gradio's
    StateHolder makes them from this module-level name. Once per process, when the app is built."""
    gradio.state_holder.SessionState = _LazySessionState


TRIM_S = 30.0   # how often freed memory goes back to the system (bench/load.py measures after it)


@functools.cache   # one thread per process, however many times the app is built
def _trim_memory_every(seconds: float) -> None:
    """Light jobs free memory too: hand it back to the system now and then (heavy jobs do at their end)."""
    def trim():
        while True:
            time.sleep(seconds)
            budget.release_memory()

    threading.Thread(target=trim, name="studio-trim-memory", daemon=True).start()

def build_app() -> gr.Blocks:
    start_up()
    _lazy_sessions()
    _ON_LOAD.clear()
    if budget.hosted() and not config.offline():
        # A Space starts without the paintings (they are never committed): fetch them before the
        # style tab lists its choices. A few hundred kB; without network the tab says so once.
        paintings.fetch(progress=log.info)
    # delete_cache: every 10 minutes, files Gradio keeps for results and uploads older than 30 minutes go.
    with StudioBlocks(title="Studio · generative deep learning", analytics_enabled=False,
                      delete_cache=(600, 1800)) as app:
        # Beside the tab bar (CSS), not a row of its own above it: larger text and results, no long
        # explanations; a link opens in it with ?present=1.
        present = gr.Checkbox(label="🎦 Presentation mode", value=False, elem_id="studio-present-toggle",
                              container=False)
        present.change(None, present, None, js=PRESENT_JS, api_visibility="private", queue=False)
        with gr.Tabs() as tabs:
            with gr.Tab("Studio", id="home"):
                opens = _home_tab()
            for d in DEMOS:
                with gr.Tab(f"{d.icon} {d.title}", id=d.key):
                    _demo_tab(d)
        for key, button in opens.items():   # a home card's Open button shows its demo's tab
            button.click(lambda key=key: gr.Tabs(selected=key), None, tabs, api_visibility="private", queue=False)
        # a link opens its demo's tab (?demo=dream&octaves=6), then each tab reads its settings
        app.load(_open_tab, None, tabs, api_visibility="private", queue=False)
        app.load(_no_such_preset, None, None, api_visibility="private", show_progress="hidden")
        app.load(_presenting, None, present, api_visibility="private", queue=False)
        for fn, outputs, (inputs, written, js) in _ON_LOAD:
            app.load(fn, None, outputs, api_visibility="private", queue=False).then(
                None, inputs, written, js=js, api_visibility="private", queue=False)
        messages_in_place(app)   # last: every event is wired
    _trim_memory_every(TRIM_S)
    return queued(app)


def queued(app: gr.Blocks) -> gr.Blocks:
    """The app's lanes (heavy and light, _lanes) and its bounded queue. Call once every event is wired."""
    _lanes(app)
    gradio_tuning.no_monitoring_summary()   # before the queue is made: it reads the setting then
    # status_update_rate: each waiting visitor hears their place in the queue once a second, not every
    # time any job starts (60 waiting: each start told all those still waiting, about 60 × 60 / 2 = 1,800
    # messages for the one web-server thread, counted from gradio/queueing.py, not measured)
    app.queue(default_concurrency_limit=LIGHT_CONCURRENCY, max_size=QUEUE_SIZE, status_update_rate=1.0)
    return app


def freeze_start_up_objects() -> int:
    """Keep what start-up made (torch, Gradio's blocks, the studio's modules: 550,000 objects) out of
    Python's garbage collector from now on; how many it was. Each full collection walked all of them,
    holding the interpreter 250-360 ms, several times while a class clicks at once, and every page and
    light job waited meanwhile. They live as long as the server, so none of them is ever garbage."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def launch(app: gr.Blocks | None = None, **kwargs) -> None:
    app = app or build_app()
    freeze_start_up_objects()
    gradio_tuning.spare_the_event_loop()
    # show_error=False: an exception that is not one of the studio's own sentences (gr.Error) is
    # not shown raw to a stranger; the log has it. No monitoring page (gradio_tuning.no_monitoring_summary).
    app.launch(max_file_size=MAX_BYTES, show_error=False, css=CSS, theme=theme(), enable_monitoring=False, **kwargs)

def _presenting(request: gr.Request):
    return links.presenting(_params(request))

def _open_tab(request: gr.Request):
    """A link opens its page's tab: ?demo=KEY&…, or the bare ?preset=NAME that `python -m studio presets`
    prints (a preset names its page)."""
    key = links.page_of(_params(request))
    return gr.Tabs(selected=key) if key else gr.skip()


def _no_such_preset(request: gr.Request) -> None:
    """A bare ?preset=NAME that names no preset says so (on the home tab, where it stays). Queued: a
    notice reaches the page only from a queued event."""
    params = _params(request)
    if params.get("preset") and not links.page_of(params):
        try:
            presets.get(params["preset"])
        except StudioError as exc:
            gr.Warning(str(exc))
