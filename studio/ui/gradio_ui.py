"""Gradio rendering of the core: one Blocks app with a tab per demo, widgets from control specs."""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import gradio as gr

from studio import lanes, links, live, presets, slides
from studio.controls import Control, Settings, literal
from studio.errors import StudioError
from studio.exports import exports
from studio.frames import Frame, Outcome, Recording
from studio.images import MAX_BYTES, UPLOAD_SUFFIXES, Upload, gif_bytes, without_caption

log = logging.getLogger("studio")

# A free Hugging Face Space has 2 vCPUs. Heavy jobs (dreams, style transfer, live training) of
# every demo share one lane of STUDIO_CONCURRENCY at a time; everything else (MNIST models that
# answer in milliseconds) shares a wider lane. The rest wait in a bounded queue and see their
# position; past its size a request is told that the studio is busy.
CONCURRENCY = lanes.CONCURRENCY   # STUDIO_CONCURRENCY; on a hosted studio its work runs in lanes.HEAVY_POOL
LIGHT_CONCURRENCY = int(os.environ.get("STUDIO_LIGHT_CONCURRENCY", "4"))
QUEUE_SIZE = int(os.environ.get("STUDIO_QUEUE_SIZE", "64"))
HEAVY = {"concurrency_id": "heavy", "concurrency_limit": CONCURRENCY}   # pass to a heavy event: .click(..., **HEAVY)


def component(ctl: Control) -> gr.components.Component:
    """One Gradio component for one control (same ranges and defaults as Streamlit's)."""
    info = ctl.help or None
    if ctl.kind == "choice" and ctl.choice_slider:
        return gr.Radio(choices=[(ctl.label_of(c), c) for c in ctl.choices], value=ctl.default,
                        label=ctl.label, info=info)
    if ctl.kind == "choice":
        return gr.Dropdown(choices=[(ctl.label_of(c), c) for c in ctl.choices], value=ctl.default,
                           label=ctl.label, info=info)
    if ctl.kind == "bool":
        return gr.Checkbox(value=ctl.default, label=ctl.label, info=info)
    if ctl.kind == "text":
        return gr.Textbox(value=ctl.default, label=ctl.label, info=info)
    lo, hi, step, value = ctl.widget_range()
    if ctl.number_box:
        return gr.Number(value=value, minimum=lo, maximum=hi, step=step, label=ctl.label, info=info,
                         precision=0 if ctl.kind == "int" else None)
    if not ctl.log:
        return gr.Slider(minimum=lo, maximum=hi, value=value, step=step, label=ctl.label, info=info)
    # A log slider moves over exponents; its label says the value itself (0.005, not -2.3).
    slider = gr.Slider(minimum=lo, maximum=hi, value=value, step=step, label=log_label(ctl, value), info=info)
    slider.change(lambda v: gr.update(label=log_label(ctl, v)), slider, slider, queue=False, show_progress="hidden",
                  api_visibility="private")
    return slider


def log_label(ctl: Control, exponent: Any) -> str:
    return ctl.widget_label(exponent)   # the same words as Streamlit's label (studio/controls.py)


def settings_components(cls: type[Settings], fields: list[str] | None = None) -> dict[str, Any]:
    """Components for the settings' controls, in declaration order, keyed by field name."""
    return {name: component(ctl) for name, ctl in cls.controls() if fields is None or name in fields}


def switched_components(cls: type[Settings], switch: str) -> dict[str, Any]:
    """settings_components() of every control, those cls.fields_for(the `switch` widget's value) leaves out
    hidden while it does (a Fourier scale only with Fourier features, a square size only for photos)."""
    components = settings_components(cls)
    for name in components:
        if any(name not in cls.fields_for(v) for v in cls.control_of(switch).choices):
            show_when(components[switch], lambda v, name=name: name in cls.fields_for(v), components[name])
    return components


def settings_beside(cls: type[Settings], widths: tuple[int, int] = (1, 3), min_width: int = 320,
                    switch: str | None = None, intro: str | None = None) -> tuple[dict[str, Any], gr.Column, gr.Column]:
    """settings_components() in the first of two columns side by side (relative `widths`; the first's
    `min_width`), as Streamlit's settings_beside: (the widgets, their column, the other). Fill either column
    later with `with`: a button or an upload under the widgets, what they make beside them. With `switch`,
    switched_components() (a Fourier scale only with Fourier features); `intro`: a text over the widgets."""
    with gr.Row():
        with gr.Column(scale=widths[0], min_width=min_width) as first:
            if intro:
                gr.Markdown(intro)
            widgets = switched_components(cls, switch) if switch else settings_components(cls)
        other = gr.Column(scale=widths[1])
    return widgets, first, other


def headed_components(cls: type[Settings], title: str, fields: list[str] | None = None) -> dict[str, Any]:
    """A heading (### title) over settings_components() of a group: by default the group of that title."""
    gr.Markdown(f"### {title}")
    return settings_components(cls, cls.group(title) if fields is None else fields)


def settings_from(cls: type[Settings], names: list[str], values: tuple, **fixed) -> Settings:
    """Rebuild validated settings from the values Gradio passes to an event handler."""
    loose = dict(fixed)
    for name, value in zip(names, values):
        loose[name] = cls.control_of(name).from_widget(value)
    return cls.from_values(loose)


# A message stays until it is read: an event with no place for it (see in_place) shows it in a toast
# that stays until it is closed (Gradio's own disappears after 10 s, leaving only "Error" pills).
def _refusal(exc: Exception) -> gr.Error:
    """The message a person sees, logged as one line (a StudioError is expected, not a bug)."""
    log.info("refused: %s", str(exc)[:300])
    return gr.Error(str(exc), duration=None, print_exception=False)


def _failure(fn: Callable) -> gr.Error:
    """An unexpected exception is a bug: the log gets its traceback, the person a plain sentence."""
    log.exception("%s failed", getattr(fn, "__name__", "handler"))
    return gr.Error("The studio could not finish this request. Try other settings, or tell the instructor: "
                    "the details are in the server's log.", duration=None, print_exception=False)


def _as_message(fn: Callable, exc: Exception) -> gr.Error:
    if isinstance(exc, gr.Error):
        return exc
    return _refusal(exc) if isinstance(exc, StudioError) else _failure(fn)


def _streamed(fn: Callable, fail: Callable[[Exception], tuple[Sequence, gr.Error]]) -> Callable:
    """Generator function fn, an exception it raises handed to fail(exc): the outputs to show last (none: ())
    and the error to raise after them."""
    @functools.wraps(fn)
    def stream(*args, **kwargs):
        try:
            yield from fn(*args, **kwargs)
        except Exception as exc:
            shown, error = fail(exc)
            yield from shown
            raise error from None
    return stream


def friendly(fn: Callable) -> Callable:
    """StudioError -> its message in the app; anything else -> a plain sentence. The server keeps serving."""

    if inspect.isgeneratorfunction(fn):
        return _streamed(fn, lambda exc: ((), _as_message(fn, exc)))

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise _as_message(fn, exc) from None

    return call


# --- messages in place: a refusal or error shown beside the button that asked, until the next run -----

def message_markdown(text: str) -> str:
    """A refusal or error as the status line shows it (CSS .studio-message: a red bar, larger text)."""
    return f'<div class="studio-message">\n\n⚠️ {text}\n\n</div>'


# Start clears its status line at once, in the browser (a js-only event registered before the run's own:
# events of one click are handled in the order they were registered).
CLEAR_STATUS_JS = "() => ''"


def status_line(outputs: Sequence) -> int | None:
    """Where an event's refusals and errors are shown: its first Markdown output (the status line)."""
    return next((i for i, c in enumerate(outputs) if isinstance(c, gr.Markdown)), None)


def in_place(fn: Callable, place: int, width: int) -> Callable:
    """fn (a handler, friendly or not) as a generator whose failure is also written in place: into
    output `place` of its `width` outputs (the event's status line), the others left as they are.
    The error is raised after it, so an API client still gets it (and the browser a brief toast)."""
    def message(exc: Exception) -> tuple[Sequence, gr.Error]:
        error = _as_message(fn, exc)
        shown = message_markdown(error.message)
        out = shown if width == 1 else tuple(shown if i == place else gr.skip() for i in range(width))
        return (out,), gr.Error(error.message, print_exception=False)

    if inspect.isgeneratorfunction(fn):
        return _streamed(fn, message)

    def once(*args, **kwargs):
        yield fn(*args, **kwargs)
    return _streamed(functools.wraps(fn)(once), message)


def messages_in_place(app: gr.Blocks) -> None:
    """Every queued event of `app` whose outputs include a Markdown (the status line beside its button)
    shows its refusals and errors there, where they stay until the next run writes it (in_place; Start of
    start_stop clears it at once). Call once every event is wired."""
    for fn in list(app.fns.values()):
        if fn.fn is None or not fn.queue or inspect.isasyncgenfunction(fn.fn) or inspect.iscoroutinefunction(fn.fn):
            continue
        place = status_line(fn.outputs)
        if place is not None:
            fn.fn, fn.types_generator = in_place(fn.fn, place, len(fn.outputs)), True


def notify(settings: Settings) -> None:
    """What validation changed (a clamped value, say), as toasts."""
    for notice in settings.notices:
        gr.Info(notice)


def notified(cls: type[Settings], names: list[str], values: tuple) -> Settings:
    """settings_from(), what validation changed shown as toasts (notify)."""
    settings = settings_from(cls, names, values)
    notify(settings)
    return settings


def show_when(source: gr.components.Component, value: Any, *targets: gr.components.Component) -> None:
    """`targets` shown only while `source` has `value` (a control that matters only then), or while
    value(the source's value) is true (a predicate); they start shown or hidden as the source starts."""
    shown = value if callable(value) else (lambda v: v == value)
    for target in targets:
        target.visible = shown(source.value)

    def update(v):
        return gr.update(visible=shown(v)) if len(targets) == 1 else tuple(gr.update(visible=shown(v)) for _ in targets)

    # outside the queue: shown at once, not after the heavy work queued before it (a page's first previews)
    source.change(update, source, list(targets), api_visibility="private", queue=False, show_progress="hidden")


def follows(fn: Callable, inputs: list, outputs: Any, api_name: str | bool, on_load: bool = False,
            triggers: list | None = None, **kwargs):
    """`outputs` follow `inputs` (a picture its sliders): fn(*their values) on every change of one of them
    (or of `triggers`; `on_load`: and as the page loads, gr.on with no triggers: an instant preview), the last
    change winning; a StudioError is said as a message. kwargs go to gr.on. Returns the event: a second
    result that follows the same controls goes after it (.then), never beside it (one_follower_per_change)."""
    on = None if on_load else [c.change for c in (triggers if triggers is not None else inputs)]
    return gr.on(on, friendly(fn), inputs, outputs, api_name=api_name, trigger_mode="always_last", **kwargs)


def one_follower_per_change(app: gr.Blocks) -> list[str]:
    """The changes that two queued "always last" events follow: none may. The browser holds back a change
    while an event it starts is running, and replays the change once that event is over; the replay starts
    every event the change starts, so two of them, each replaying when it ends while the other runs, restart
    each other for as long as the page is open (a GAN link on a busy server recomputed its sheets every
    second, forever). A second result goes after the first (.then, replayed alone) or outside the queue."""
    config, seen = app.get_config_file(), {}
    for dep in config["dependencies"]:
        if dep.get("backend_fn") and dep.get("queue") is not False and dep.get("trigger_mode") == "always_last":
            for target, event in dep["targets"]:
                if event != "load":   # a page's load starts each event by itself, and replays only it
                    seen.setdefault((target, event), []).append(dep.get("api_name") or dep["id"])
    labels = {c["id"]: c.get("props", {}).get("label") for c in config["components"]}
    return [f"{labels.get(t) or t}.{e}: {names}" for (t, e), names in seen.items() if len(names) > 1]


def control_update(ctl: Control) -> dict:
    """What component(ctl) shows, as an update of a component made from another shape of a choice's or a
    number's control (a network's layers, a layer's channels): its choices or range, label and value."""
    if ctl.kind == "choice":
        return gr.update(choices=[(ctl.label_of(c), c) for c in ctl.choices], value=ctl.default, label=ctl.label)
    lo, hi, step, value = ctl.widget_range()
    label = log_label(ctl, value) if ctl.log else ctl.label
    return gr.update(minimum=lo, maximum=hi, step=step, value=value, label=label)


def reshapes(trigger, target, control_of: Callable[[dict], Control], inputs: dict[str, Any]) -> None:
    """A change of `trigger` gives `target` (a component()) the shape of control_of(the `inputs`' values by name),
    control_update(): a new network's layers in the layer menu, a layer's channels on the channel slider."""
    # outside the queue (a menu's shape is light): the page's result that follows the trigger is the one queued
    # event its change starts (one_follower_per_change)
    trigger.change(lambda *values: control_update(control_of(dict(zip(inputs, values)))), list(inputs.values()),
                   target, api_name=False, queue=False, show_progress="hidden")


# --- uploads: the original bytes, decoded only by studio/images.py -----------------------------

def upload(label: str, *, multiple: bool = False, archives: bool = False, **kwargs) -> gr.File:
    """A file input for images (and ZIPs of them with `archives`, unpacked by studio/image_sets.py).
    gr.Image would open and convert the file with PIL before the core's checks; gr.File hands over
    the path of the bytes exactly as they were sent."""
    suffixes = UPLOAD_SUFFIXES + ((".zip",) if archives else ())
    return gr.File(label=label, file_types=list(suffixes), type="filepath",
                   file_count="multiple" if multiple else "single", **kwargs)


def folded_uploads(title: str, labels: Sequence[str], note: str | None = None, **kwargs) -> list[gr.File]:
    """Uploads that only matter when used: upload()s in an accordion (`note` over them), closed until someone
    wants their own pictures. kwargs go to each upload()."""
    with gr.Accordion(title, open=False):
        if note:
            gr.Markdown(note)
        return [upload(label, **kwargs) for label in labels]


# The one answer to a file reference that is not a visitor's upload (a server path sent through the
# API, a missing file, a folder, a device, a link or ../ out of the upload folder). It never repeats
# the path: an answer that did would tell a stranger which files exist on the server.
NOT_UPLOADED = "The studio reads only files uploaded to it. Choose the file again with the upload button."


def upload_folder() -> Path:
    """Where Gradio keeps what visitors upload (GRADIO_TEMP_DIR, else <temp>/gradio), resolved."""
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def client_upload(value: Any) -> Path:
    """The regular file a path names, if and only if it lies in the upload folder once '..' and links
    are resolved; StudioError(NOT_UPLOADED) for anything else."""
    try:
        real = Path(os.path.abspath(str(value))).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):   # missing, a link loop, a NUL in the name
        raise StudioError(NOT_UPLOADED) from None
    if not real.is_relative_to(upload_folder()) or not real.is_file():
        raise StudioError(NOT_UPLOADED)
    return real


def _upload_of(value: Any) -> Upload:
    if isinstance(value, Upload):
        return value
    if isinstance(value, (bytes, bytearray)):
        return Upload("upload", bytes(value))
    name = None
    if isinstance(value, dict):   # an event without preprocessing passes Gradio's FileData as a dict
        name, value = value.get("orig_name"), value.get("path")
    if not value:
        raise StudioError("The uploaded file did not arrive. Upload it again.")
    path = client_upload(value)
    if path.stat().st_size > MAX_BYTES:
        raise StudioError(f"This file is larger than {MAX_BYTES // 2**20} MB, the most the studio accepts. "
                          "Save a smaller copy and try again.")
    return Upload(name or path.name, path.read_bytes())


def uploaded(value: Any) -> Upload | list[Upload] | None:
    """What an upload() input passed to a handler, as Upload(s); None (or []) when empty."""
    if isinstance(value, (list, tuple)):
        return [_upload_of(v) for v in value if v]
    return _upload_of(value) if value else None


# --- exports: one folder, pruned, so a long-running Space does not fill its disk ---------------

EXPORTS = Path(os.environ.get("STUDIO_EXPORT_DIR", "") or Path(tempfile.gettempdir()) / "studio-exports")
EXPORT_KEEP_S = 15 * 60     # Gradio copies what a handler returns into its own cache at once


EXPORT_PRUNE_S = 60         # how often old folders are looked for: not on every result (a class
_pruned_at = 0.0            # makes thousands in 15 minutes, and each look stats every one of them)


def _export_folder() -> Path:
    """A new folder for one result's files; folders older than EXPORT_KEEP_S are removed first, at most
    once every EXPORT_PRUNE_S."""
    global _pruned_at
    now = time.time()
    if now - _pruned_at >= EXPORT_PRUNE_S:
        _pruned_at = now
        for old in EXPORTS.glob("*"):
            try:
                if now - old.stat().st_mtime > EXPORT_KEEP_S:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:   # another worker pruned it first
                pass
    folder = EXPORTS / f"{int(now)}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export_files(name: str, image, caption: str, settings: dict, frames: Sequence = (),
                 duration_ms: int = 120, title: str | None = None, only: Sequence[str] = ()) -> list[str]:
    """The downloads of a result (studio.exports), written into one pruned folder; `only` names
    the ones wanted by label ("PNG", "PNG with caption", "Slide", "GIF"), else all."""
    folder = _export_folder()
    paths = []
    for export in exports(name, image, caption, settings, frames, duration_ms, title):
        if only and export.label not in only:
            continue
        paths.append(folder / export.filename)
        paths[-1].write_bytes(export.make())
    return [str(p) for p in paths]


def outcome_files(result: Outcome) -> list[str]:
    """export_files() of a result (studio.frames.Outcome)."""
    return export_files(result.name, result.image, result.caption, result.settings, result.frames,
                        result.duration_ms)


def exported(make: Callable[..., dict]) -> Callable[..., list[str]]:
    """make(*args), studio.exports' arguments for what is on screen (a page's downloads), as a handler of its
    downloads' files (export_files)."""
    @functools.wraps(make)
    def handler(*args):
        return export_files(**make(*args))
    return handler


def export_button(label: str, make: Callable, inputs: Any, files: str = "Downloads", height: int = 120) -> gr.File:
    """A button whose click writes the downloads of what is on screen (make(*inputs): their paths, e.g.
    export_files()) into a file list under it: "PNG and GIF of the training"."""
    button = gr.Button(label)
    saved = gr.File(label=files, file_count="multiple", height=height)
    button.click(friendly(make), inputs, saved, api_name=False)
    return saved


def download_on_click(label: str, make: Callable, inputs: list, elem_id: str, **event) -> gr.Button:
    """A download made only when its button is clicked: make(*inputs) returns the file's path. A live page
    answers every slider move, and writing each download every time was most of a cheap job's work on
    a hosted studio (issue 22). The click writes the file into a DownloadButton kept in the page but
    not shown, then clicks that one, which hands the file to the browser."""
    button = gr.Button(label)
    file = gr.DownloadButton(visible="hidden", elem_id=elem_id)
    click = ("() => { const el = document.getElementById(%s); if (!el) return;"
             " (el.matches('button, a') ? el : el.querySelector('button, a'))?.click(); }" % json.dumps(elem_id))
    button.click(friendly(make), inputs, file, api_name=False, **event).success(None, None, None, js=click)
    return button


def gif_file(frames: Sequence, name: str = "animation", duration_ms: int = 120) -> str:
    """An animation for a gr.Image(type="filepath") output, in the pruned export folder."""
    path = _export_folder() / f"{name}.gif"
    path.write_bytes(gif_bytes(frames, duration_ms=duration_ms))
    return str(path)


def with_gifs(make: Callable, name: str = "animation", duration_ms: int = 120) -> Callable:
    """make(*args), each list of frames among what it returns written as a GIF (gif_file) for a gr.Image: a
    core function's (frames, strip, caption) as a handler's (animation, strip, caption)."""
    @functools.wraps(make)
    def handler(*args):
        return tuple(gif_file(v, name, duration_ms) if isinstance(v, list) else v for v in make(*args))
    return handler


def picture(label: str | None = None, **kwargs) -> gr.Image:
    """A result picture for a projector (CSS .studio-pic): as tall as the screen allows, and the label
    chip and download / fullscreen buttons above it, not over its top row."""
    kwargs.setdefault("type", "pil")
    kwargs.setdefault("format", "png")
    return gr.Image(label=label, interactive=False, elem_classes=["studio-pic", *kwargs.pop("elem_classes", [])],
                    **kwargs)


def caption_line(value: str = "") -> gr.Markdown:
    """A result's caption as page text under its picture, readable from the back row (a caption baked
    into a sheet shrinks with it to 8–11 px on the page; downloads and slides set their own)."""
    return gr.Markdown(value, elem_classes=["studio-caption"])


def titled(title: str, plot: bool = False, column: bool = True) -> gr.Image | gr.Plot:
    """A picture (or chart) under its title as text (a label chip would cover its top row), in a column of
    its own."""
    with gr.Column() if column else contextlib.nullcontext():
        gr.Markdown(title)
        return gr.Plot(show_label=False) if plot else gr.Image(show_label=False, format="png", buttons=[])


def result_outputs(label: str, files: str = "Downloads", files_height: int | None = None, **image) -> list:
    """A result picture, its caption under it and its downloads: the outputs of a handler that returns
    (picture, caption, files). kwargs go to the gr.Image."""
    return [gr.Image(label=label, type="pil", format="png", **image), gr.Markdown(),
            gr.File(label=files, file_count="multiple", height=files_height)]


def result_values(result: Outcome, files: bool = True) -> tuple:
    """What result_outputs() show of a result: its picture without the caption band baked into a sheet (the
    caption is under it, once; the downloads keep it), its caption and (with `files`) its downloads."""
    shown = (without_caption(result.image), result.caption)
    return (*shown, outcome_files(result)) if files else shown


def api_signature(named: Sequence[str]) -> inspect.Signature:
    """A handler's parameters as Gradio's API lists them: the inputs `named` (an upload, as `file`), then the
    settings' values: a handler taking *values still names its leading inputs."""
    param = inspect.Parameter
    return inspect.Signature([*(param(n, param.POSITIONAL_OR_KEYWORD) for n in named),
                              param("values", param.VAR_POSITIONAL)])


def run_handler(cls: type[Settings], frames: Callable[..., Iterable[Frame]],
                finish: Callable[[Settings, Recording], Outcome], before: Sequence[str] = ()) -> Callable:
    """A Run button's handler streaming into result_outputs(): the settings from the widgets' values (after
    the inputs named in `before`, an upload, as the API names them: frames(settings, *their values)), what
    validation changed as toasts, each frame's picture and caption as it comes (Stop cancels), then
    finish(settings, recording), where the run got to, with its downloads (result_values)."""
    names, first = [name for name, _ in cls.controls()], len(before)

    def handler(*values):
        settings = notified(cls, names, values[first:])
        recording = Recording()
        for frame in recording.keep(frames(settings, *values[:first])):
            yield frame.image, frame.caption, None
        yield result_values(finish(settings, recording))

    handler.__name__ = getattr(frames, "__name__", "run")
    handler.__signature__ = api_signature(before)
    return handler


def readable(fig):
    """A chart for a projector: the numbers on its axes at 16 px, its other text at 14 (plotly's
    default is 12 for all; larger titles would be cut off in the charts' fixed heights)."""
    if fig is not None:
        fig.update_layout(font_size=14)
        fig.update_xaxes(tickfont_size=16)
        fig.update_yaxes(tickfont_size=16)
    return fig


def explainers(texts: Sequence[tuple[str, str]], open: bool = True, intro: str | None = None) -> None:
    """A demo's teaching texts (studio/texts/), one accordion each; `intro`, a section's introduction,
    before them."""
    if intro:
        gr.Markdown(intro)
    for title, text in texts:
        with gr.Accordion(title, open=open, elem_classes=["studio-help"]):   # hidden when presenting
            gr.Markdown(text)


# --- every state is a link ----------------------------------------------------------------------

# Each demo tab's link reader, attached by build_app: (handler, outputs, then: (inputs, outputs, js)).
_ON_LOAD: list[tuple[Callable, list, tuple]] = []
# The settings' part of the address comes from the server, the view (tab) on screen from the browser.
QUERY_JS = """(q, view) => { if (q === null || q === undefined) return "";
  if (view) q += (q ? "&" : "?") + "view=" + encodeURIComponent(view);
  const present = document.body.classList.contains("studio-present") ? (q ? "&" : "?") + "present=1" : "";
  const url = location.origin + location.pathname + q + present;
  history.replaceState(null, "", url); return url; }"""
ADDRESS_JS = """(q, shown) => { if (!q) return shown;
  const present = document.body.classList.contains("studio-present") ? "&present=1" : "";
  const url = location.origin + location.pathname + q + present;
  history.replaceState(null, "", url); return url; }"""
# A tab shown (args: the views sharing another's tab, the page's first view, this tab's id): the view on
# screen stays when this tab shows it ('' is the first view), else it becomes this tab's, and the address
# and the link box say so (in the browser: the widgets' values there may still be a restore's old ones).
VIEW_JS = """(shown, link) => { const shares = %s, first = %s, tab = %s; const now = shown || first;
  if ((shares[now] || now) === tab) return [shown, link];
  const u = new URL(location.href); if (tab === first) u.searchParams.delete("view"); else u.searchParams.set("view", tab);
  history.replaceState(null, "", u); return [tab === first ? "" : tab, u.toString()]; }"""
FOCUS_ON_JS = "(f) => { if (!f) return; const [a, run] = JSON.parse(f); (%s)(a, run); }" % links.FOCUS_JS
PRESENT_JS = """(on) => { document.body.classList.toggle("studio-present", on);
  const u = new URL(location.href); if (on) u.searchParams.set("present", "1"); else u.searchParams.delete("present");
  history.replaceState(null, "", u); }"""
# The home tab's cards (studio-card: each title on one line, what a demo teaches cut to three lines, the
# Open button at the foot). A refusal in place (studio-message, see in_place) in a red-edged box; the
# "Error" pill Gradio leaves on each output of a failed event hidden (it says nothing the message does
# not); the queue position and time of a waiting or running job ("queue: 2/5 | 4.2s", Gradio's
# .progress-text) at 20 px, readable from the back of a room.
# Help text and labels readable on a projector (Gradio's defaults are pale grey); presentation
# mode: long explanations hidden, text 25% larger, the numbers and labels a lecturer points at with it.
# The projector layout (1280×720 and up): a compact header with the presentation toggle beside the
# tab bar, each result picture capped to the screen's height (its full size is in the downloads),
# its label chip and toolbar in a strip above it rather than over its top row, and a demo's long
# settings in a side column that scrolls on its own, so the result stays in view.
CSS = """
body:not(.dark) .gradio-container { --block-info-text-color: #374151; --block-label-text-color: #1f2937;
  --block-title-text-color: #1f2937; --body-text-color-subdued: #4b5563; }
.gradio-container { --block-info-text-size: 14px; }
.gradio-container > .main > .wrap { padding-top: 4px; }
#studio-present-toggle { position: absolute; top: 0; right: 0; width: auto; z-index: 5; padding: 10px 4px;
  background: transparent; border: none !important; box-shadow: none; }
.studio-head { align-items: center; gap: 12px; }
.studio-title p { margin: 0; font-size: 14px; line-height: 1.35; }
/* The link panel opens over the page, under its header (a panel in the header's row dropped the title to
   mid-screen and pushed the demo 440 px down): the result stays where it was on a 1280×720 screen. */
.studio-head, .studio-head > .column, .studio-linkbar { overflow: visible !important; }
.studio-linkbar { position: relative; }
.studio-linkbar > .label-wrap.open { margin-bottom: 0; }   /* the header keeps its height when it opens */
.studio-linkbar > .label-wrap ~ div:last-child { position: absolute; top: calc(100% + 4px); right: 0; z-index: 60;
  width: min(600px, 92vw); padding: 10px 12px; background: var(--block-background-fill);
  border: 1px solid var(--block-border-color); border-radius: var(--block-radius); box-shadow: 0 10px 28px rgba(0,0,0,.22); }
.studio-title strong:first-child { font-size: 19px; margin-right: 4px; }
.studio-pic .image-container { padding-top: 26px; }
body.studio-present .studio-pic .image-container { padding-top: 34px; }   /* its larger label chip */
.studio-pic:not(.studio-small) .image-container { height: calc(100vh - var(--studio-above, 240px)); }
.studio-pic .image-container .image-frame, .studio-pic .image-container button { width: 100%; height: 100%; }
.studio-pic .image-container img { width: 100%; height: 100%; object-fit: contain; }
.studio-under-tabs { --studio-above: 256px; }   /* a result under a row of tabs */
.studio-headed { --studio-above: 392px; }   /* results under tabs, each under a heading and a verdict, over a caption */
.studio-sheet-head { min-height: 92px; }   /* room for a verdict, so the two sheets stay side by side level */
.studio-sheet-head h3 { margin: 0 0 4px; }
.studio-verdict { border-left: 4px solid #b45309; padding: 2px 10px; background: #fffbeb; }
.studio-verdict.studio-error { border-color: #b91c1c; background: #fef2f2; }
.gradio-container .prose .studio-verdict p { margin: 0; font-size: 15px; color: #1f2937; }
.block.studio-status { min-height: 46px; }   /* two lines kept for a run's status: the picture under it stays put */
.studio-status [data-testid="status-tracker"] .progress-text { transform: none; }   /* inside its two lines */
.studio-pic.studio-after-status:not(.studio-small) .image-container {
  height: calc(100vh - var(--studio-above, 240px) - 62px); }
.studio-side { max-height: calc(100vh - 96px); overflow-y: auto; position: sticky; top: 4px; padding-right: 4px;
  flex-wrap: nowrap !important; }
.studio-side > *, .studio-side > .form > * { flex-shrink: 0; }
.studio-numbers table { font-size: 17px; }
.gradio-container .prose.studio-caption p { font-size: 16px; margin: 2px 0 0; color: var(--body-text-color); }
body.studio-present .studio-help, body.studio-present .info-text { display: none !important; }
body.studio-present .gradio-container { --text-md: 20px; --text-lg: 24px; --text-xl: 30px; --text-sm: 17px;
  --block-label-text-size: 17px; --block-info-text-size: 16px; --block-title-text-size: 18px; }
.studio-home-head h1 { margin-bottom: 4px; }
.studio-home-head h1 small { font-size: 17px; font-weight: 600; margin-left: 12px; }
.studio-card { gap: 6px; }
.studio-card .prose h4 { margin: 2px 0 4px; font-size: 19px; overflow-wrap: normal; word-break: normal; }
.studio-card .prose p:last-child { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3;
  overflow: hidden; margin: 0; }
.studio-card button { margin-top: auto; }
.studio-message { border-left: 4px solid #b91c1c; padding: 4px 10px; background: #fef2f2; }
/* a dropdown's arrow beside its text, not over it: the arrow at the box's edge, the text stops before it */
.gradio-container .wrap-inner .secondary-wrap .icon-wrap { right: 8px; width: 16px; }
.gradio-container .wrap-inner .secondary-wrap input[role="combobox"] { padding-right: 14px; margin-left: 0; }
.gradio-container .wrap-inner:has(> .secondary-wrap input[role="combobox"]) { padding-left: 8px; }
.studio-notice { border-left: 4px solid #1c7ed6; padding: 4px 10px; background: #eff6ff; }
.studio-link-notice:not(:has(.studio-notice)):not(:has(.studio-message)) { display: none !important; }   /* no notice: no room taken */
.gradio-container .prose .studio-notice p { color: #1e3a5f; font-size: 15px; margin: 2px 0; }
.gradio-container .prose .studio-message p { color: #7f1d1d; font-size: 16px; margin: 0; }
[data-testid="status-tracker"]:has(> .error) { display: none !important; }
[data-testid="status-tracker"] .progress-text { font-size: 20px; font-weight: 600; color: var(--body-text-color);
  background: var(--block-background-fill); border-radius: 4px; }
"""


def notice_markdown(notices: Sequence[str]) -> str:
    """A link's notices as the page shows them under its link panel (CSS .studio-notice); '' for none."""
    if not notices:
        return ""
    return '<div class="studio-notice">\n\n' + "\n\n".join(f"ℹ️ {literal(n)}" for n in notices) + "\n\n</div>"


# Fonts every visitor has, no download: Gradio's default theme serves a web font whose bold capitals fell
# back to another face offline ("GAN" in two fonts). The first of these installed on the visitor's machine
# draws every weight (Windows, macOS, Android, then Linux's metric-compatible fonts).
FONTS = ("Segoe UI", "Helvetica Neue", "Arial", "Roboto", "Liberation Sans", "DejaVu Sans", "sans-serif")
MONO_FONTS = ("Consolas", "Menlo", "Liberation Mono", "DejaVu Sans Mono", "monospace")


def theme() -> gr.themes.Base:
    """The studio's Gradio theme: Gradio's default, with fonts that are there offline (FONTS)."""
    return gr.themes.Default(font=list(FONTS), font_mono=list(MONO_FONTS))


def _params(request: gr.Request | None) -> dict[str, str]:
    return dict(request.query_params) if request is not None and request.query_params else {}


class LinkBar:
    """A demo tab's link (copy button), preset menu and drop zone for a studio PNG, and the events
    that keep them in step with the tab's settings. Create it where it should show, then wire()."""

    def __init__(self, demo: str):
        self.demo = demo
        with gr.Accordion("🔗 Link · presets · restore", open=False, elem_classes=["studio-linkbar"]):
            with gr.Row():
                self.preset = gr.Dropdown(choices=[(p.title, p.name) for p in presets.all_presets(demo)], value=None,
                                          label="Start from a preset", info="Each is also a link: ?preset=NAME.")
                self.png = gr.File(label="Restore from a studio PNG (PNG, captioned PNG or slide)",
                                   file_types=[".png"], type="filepath", height=120)
            self.link = gr.Textbox(label="Link to these settings", buttons=["copy"], interactive=False,
                                   info="Open it later (or in the other front end's settings) for the same controls.")
            self.query = gr.Textbox(visible=False)
        # The address a restore (link, preset, PNG) computed, written by the restore itself: the widgets'
        # change events cannot be relied on for it, since the tab they sit in may not be drawn yet when a
        # link's values arrive (a race with the tab's first render). The view (tab) on screen, which the
        # page's link carries ('' the first): set by a click on a tab and by a restore. Both are read in
        # the browser, so they are textboxes in the page but not shown ("hidden"), outside the closed
        # accordion: a gr.State's value, an invisible component's or one not drawn yet is not there.
        self.address = gr.Textbox(visible="hidden")
        self.view = gr.Textbox(visible="hidden")
        # A preset's target (links.anchor of a widget key) and whether to run it, with a count so the same
        # preset twice is a change: the browser scrolls to it (and clicks it) as it opens (links.FOCUS_JS).
        self.focus = gr.Textbox(visible="hidden")
        # What a link, preset or PNG changed or ignored (a clamped size, an unknown parameter), in the page:
        # a link's values arrive in a load event outside the queue, where a toast (gr.Info) never shows.
        self.notice = gr.Markdown("", elem_classes=["studio-link-notice"])

    def wire(self, components: dict[tuple[str, str], Any], picks: dict[str, Any] | None = None,
             adjust: Callable[[dict], dict] | None = None, views: tuple[gr.Tabs, dict[str, str]] | None = None) -> None:
        """components: (section, field) -> the component showing it (or by section: section -> {field: component});
        picks: pick name -> component;
        adjust(values by field) -> {(section, field): extra update kwargs} (e.g. a dropdown's choices);
        views: the page's tab bar, whose tabs have the ids of presets.VIEWS, and the views that share
        another's tab (view -> tab id): a link, preset or PNG naming a view opens its tab, and the link
        carries the tab on screen."""
        demo, picks = self.demo, picks or {}
        if all(isinstance(k, str) for k in components):   # by section
            components = {(section, n): c for section, comps in components.items() for n, c in comps.items()}
        keys, pick_names = list(components), list(picks)
        outputs = [components[k] for k in keys] + [picks[n] for n in pick_names]
        targets = outputs + ([views[0]] if views else []) + [self.view, self.address, self.focus, self.notice]
        classes = presets.sections(demo)

        def updates(link: links.Link) -> list:
            for notice in link.notices:
                gr.Info(notice)
            fields = link.fields()
            extra = adjust({name: value for (_, name), value in fields.items()}) if adjust else {}
            out = [gr.update(value=classes[k[0]].control_of(k[1]).to_widget(fields[k]), **extra.get(k, {}))
                   if k in fields else gr.skip() for k in keys]
            out += [gr.update(value=link.picks[n]) if n in link.picks else gr.skip() for n in pick_names]
            if views:
                out.append(gr.Tabs(selected=views[1].get(link.opens, link.opens)) if link.opens else gr.skip())
            out.append(("" if link.opens == presets.VIEWS[demo][0] else link.opens) if link.opens else gr.skip())
            settings = {section: link.settings(section) for section in classes}
            focus = (json.dumps([links.anchor(link.target), links.anchor(link.run) if link.run else "",
                                 time.monotonic_ns()]) if link.target else gr.skip())
            return out + [links.query_string({"demo": demo, **links.query(demo, settings, link.picks, link.opens)}),
                          focus, notice_markdown(link.notices)]

        def on_load(request: gr.Request):
            params = _params(request)
            # ?demo=KEY&…, or the bare ?preset=NAME `python -m studio presets` prints (a preset names its page)
            if links.page_of(params) != demo or not any(k not in links.PASSIVE for k in params):
                return [gr.skip()] * len(targets)
            return updates(links.parse(demo, params))

        def on_preset(name):
            if not name:
                return [gr.skip()] * len(targets)
            gr.Info(links.preset_notice(demo, name))
            return updates(links.from_preset(demo, name))

        def on_png(path):
            if not path:
                return [gr.skip()] * len(targets)
            upload = _upload_of(path)
            return updates(links.from_state(demo, slides.settings_from_png(upload.data)))

        def to_query(*values):
            by_section: dict[str, dict] = {}
            for (section, name), value in zip(keys, values):
                by_section.setdefault(section, {})[name] = classes[section].control_of(name).from_widget(value)
            try:
                settings = {section: classes[section].from_values(v) for section, v in by_section.items()}
            except StudioError:
                return gr.skip()   # a passing state (a network's layer while the network changes)
            chosen = {n: v for n, v in zip(pick_names, values[len(keys):]) if isinstance(v, str)}
            q = links.query(demo, settings, chosen)   # the view is added in the browser (QUERY_JS)
            return links.query_string({"demo": demo, **q})

        write = ([self.address, self.link], self.link, ADDRESS_JS)
        _ON_LOAD.append((friendly(on_load), targets, write))
        for event in (self.preset.input(friendly(on_preset), self.preset, targets, api_visibility="private"),
                      self.png.upload(friendly(on_png), self.png, targets, api_visibility="private")):
            event.then(None, *write[:2], js=write[2], api_visibility="private", queue=False)
        quiet = dict(api_visibility="private", show_progress="hidden", queue=False)
        gr.on([c.change for c in outputs], to_query, outputs, self.query, trigger_mode="always_last", **quiet)
        if views:   # a click on a tab: its view, in the browser (a view that shares the tab keeps its name)
            for tab in views[0].children:
                if isinstance(tab, gr.Tab) and tab.id is not None:
                    tab.select(None, [self.view, self.link], [self.view, self.link], js=VIEW_JS % (
                        json.dumps(views[1]), json.dumps(presets.VIEWS[demo][0]), json.dumps(tab.id)), **quiet)
        self.query.change(None, [self.query, self.view], self.link, js=QUERY_JS, **quiet)
        self.focus.change(None, self.focus, None, js=FOCUS_ON_JS, **quiet)


# --- live runs: a row of Start / Stop (/ Step, Reset) buttons, and a streaming job that Stop cancels ---------

def run_buttons(*labels: str) -> list[gr.Button]:
    """A row of buttons, the first the primary one: run_buttons("Start", "Stop", "Reset")."""
    with gr.Row():
        return [gr.Button(label, variant="primary" if i == 0 else "secondary") for i, label in enumerate(labels)]


def start_stop(start: gr.Button, stop: gr.Button, fn: Callable, inputs: list, outputs: list, api_name: str):
    """Start runs `fn` (a generator: each yield streams to `outputs`) in the heavy lane; Stop cancels it.
    Start clears the status line first (a message of the last run stays until then, see messages_in_place)."""
    place = status_line(outputs)
    if place is not None:
        start.click(None, None, outputs[place], js=CLEAR_STATUS_JS, queue=False, api_visibility="private",
                    show_progress="hidden")
    run = start.click(friendly(fn), inputs, outputs, api_name=api_name, **HEAVY)
    stop.click(None, cancels=[run])
    return run


def run_stop(label: str, fn: Callable, inputs: list, outputs: Callable[[], list], api_name: str,
             elem_id: str | None = None) -> list:
    """run_buttons(label, "Stop") (`elem_id` on the first: a preset's target), outputs() made under them,
    wired by start_stop(). Returns the outputs."""
    go, stop = run_buttons(label, "Stop")
    go.elem_id = elem_id
    made = outputs()
    start_stop(go, stop, fn, inputs, made, api_name)
    return made


class LiveTraining:
    """Start, Stop (a `step` button: "Step (100)"), Reset and the status line under them, of a training that a
    person starts and stops (studio.live), kept in a gr.State between events (Foundations' painter and race,
    the 2-D GAN). The demo lays out its views below them, then wire() connects them."""

    def __init__(self, step: str | None = None, anchor: str | None = None):
        self.state = gr.State(None)
        buttons = run_buttons("Start", "Stop", *([step] if step else []), "Reset")
        self.start, self.stop, self.reset = buttons[0], buttons[1], buttons[-1]
        self.step = buttons[2] if step else None
        self.start.elem_id = anchor   # a preset's target (links.anchor of Streamlit's widget key)
        self.status = gr.Markdown()

    def wire(self, start: Callable, inputs: list, views: list, api_name: str, *, after: Sequence = (),
             reset: Callable | None = None, step: Callable | None = None, step_api: str | bool = False) -> None:
        """Start streams start(state, *inputs) (studio.live.streamed) into (state, *views, status, *after) in
        the heavy lane, Stop cancels it; Reset shows reset(*inputs), by default a fresh start's first yield;
        the step button shows step(state, *inputs)."""
        outputs = [self.state, *views, self.status, *after]
        start_stop(self.start, self.stop, start, [self.state, *inputs], outputs, api_name)
        self.reset.click(friendly(reset or (lambda *values: next(start(None, *values)))), inputs, outputs,
                         api_name=False)
        if step is not None:
            self.step.click(friendly(step), [self.state, *inputs], outputs, api_name=step_api)


def live_handlers(cls: type[Settings] | tuple[type[Settings], ...], make: Callable[..., Any] | None,
                  refresh_s: float, view: Callable[[Any], tuple], *, first: bool = True,
                  step: Callable[[Any], Any] | None = None, before: Sequence[str] = (), notices: bool = False,
                  training: Callable[..., tuple] | None = None,
                  after: Callable[[Any], tuple] | None = None) -> tuple[Callable, ...]:
    """LiveTraining's handlers for a training made by make(settings) and kept (studio.live.kept) while its
    settings, the widget values in declaration order, stay the same: start(state, *values) streams
    studio.live.streamed (`first`: the view before the first slice too), step(state, *values) trains a
    little with step(trainer) and shows it, reset(*values) shows a fresh one.
    `before` names the upload inputs before the values (as the API names them), their Uploads passed on after
    the settings: make(settings, *uploads). Several classes: their values one after the other, their settings
    a tuple (a race's setting A, then B). `notices`: what validation changed in the last settings (the
    section's own) as toasts. `training` in place of make: training(settings, *uploads) -> (what keeps the
    training, how to make it), a page's own rule (an upload kept only while the settings use it).
    after(trainer): what the outputs after the status line show (a line of numbers)."""
    classes = cls if isinstance(cls, tuple) else (cls,)
    names = [[name for name, _ in c.controls()] for c in classes]
    training = training or (lambda s, *uploads: ((s, *uploads), lambda: make(s, *uploads)))

    def trainer(state, values):
        uploads, values, settings = [uploaded(v) for v in values[:len(before)]], values[len(before):], []
        for i, (c, n) in enumerate(zip(classes, names)):
            read = notified if notices and i == len(classes) - 1 else settings_from
            settings.append(read(c, n, values[:len(n)]))
            values = values[len(n):]
        return live.kept(state, *training(settings[0] if len(settings) == 1 else tuple(settings), *uploads))

    # after's numbers are read with the view, under the same hold of the trainer's lock, then put after the status
    viewed = (lambda t: (*view(t), after(t))) if after else view

    def shown(out: tuple) -> tuple:
        return (*out[:-2], out[-1], *out[-2]) if after else out

    def start(state, *values):
        for out in live.streamed(trainer(state, values), refresh_s, viewed, first):
            yield shown(out)

    def stepped(state, *values):
        t = trainer(state, values)
        with live.lock(t):   # after the slice a Stop left running, and shown before any other trains it
            step(t)
            return shown(next(live.streamed(t, refresh_s, viewed)))

    def reset(*values):
        return shown(next(live.streamed(trainer(None, values), refresh_s, viewed)))

    start.__signature__ = api_signature(["state", *before])   # the state is not shown to the API
    return start, stepped, reset


# --- shared by several demos' tabs (issue 21): a run streamed into its picture, status and downloads --

class Runner:
    """Run and Stop, a status line under them, the result picture (a note on what a run does, a live plot)
    and the downloads; wire() connects them to a handler that yields what streamed() yields. `status_under`:
    the status line under the picture instead (its top level with an instant preview beside it)."""

    def __init__(self, label: str, files_label: str, note: str | None = None, plot: str | None = None,
                 status_under: bool = False):
        self.go, self.stop = run_buttons(label, "Stop")
        if not status_under:   # under the buttons: a refusal shows where Run was
            status = gr.Markdown(elem_classes=["studio-status"])
        self.outputs = [picture("Result", elem_classes=[] if status_under else ["studio-after-status"])]
        if status_under:
            status = gr.Markdown()
        if note:
            gr.Markdown(note)
        if plot:   # its legend needs the width: no label over it
            self.outputs.append(gr.Plot(label=plot, show_label=False))
        self.outputs += [status, gr.File(label=files_label, file_count="multiple")]

    def wire(self, fn: Callable, inputs: list, api_name: str) -> None:
        start_stop(self.go, self.stop, fn, inputs, self.outputs, api_name)


def streamed(frames: Iterable[Frame], finish: Callable[[Recording], Outcome], notes: Sequence[str] = (), *,
             plot: Callable[[Recording], Any] | None = None, word: str = "Step") -> Iterator[tuple]:
    """A run as (picture, [plot,] status, downloads) at each new picture, then its result with the
    downloads (finish: what the recording leaves, studio.frames.outcome). A run that stopped at its
    time limit says so in the status line."""
    recording = Recording()

    def out(image, status: str, files):
        return (image, *((readable(plot(recording)),) if plot else ()), " ".join([*notes, status]), files)

    for frame in recording.keep(frames):
        if frame.image is not None and not frame.done:
            yield out(frame.image, f"{word} {frame.step} of {frame.total}: {frame.caption}", None)
    if recording.last is not None:
        o = finish(recording)
        done = f"Done in {o.seconds:.1f} s." if o.seconds is not None else "Done."
        status = f"{done} {o.caption}" if recording.last.done else recording.last.caption
        yield out(o.image, status, export_files(o.name, o.image, o.caption, o.settings, o.frames, o.duration_ms))


def streamed_job(make_job: Callable[..., Any], *args, name: str = "run", **kwargs) -> Callable:
    """A Runner's handler: the job its inputs make (make_job(*inputs): a page's Job of the settings and uploads,
    with frames(*args), outcome(*args, recording) and notices), its run streamed (streamed(), its kwargs)."""
    @friendly
    def run(*inputs):
        job = make_job(*inputs)
        yield from streamed(job.frames(*args), functools.partial(job.outcome, *args), job.notices, **kwargs)

    run.__name__ = name
    return run


def job_view(make_job: Callable[..., Any], view: Callable[[Any], Any], name: str, doc: str, width: int = 1,
             labelled: bool = False) -> Callable:
    """A handler showing view(the job its inputs make: make_job(*inputs), a page's Job), with each result among the
    values (studio.frames.Outcome) as its downloads (outcome_files); a generator view streams. A view that shows
    nothing (None) leaves the handler's `width` outputs as they are. `labelled`: one output, a picture, and the
    view's (picture, label) its value and label (an instant preview says what it is). `name`, `doc`: the API's."""
    def values(shown):
        if shown is None:
            return gr.update() if width == 1 else tuple(gr.update() for _ in range(width))
        if labelled:
            return gr.update(value=shown[0], label=shown[1])
        return tuple(outcome_files(v) if isinstance(v, Outcome) else v for v in shown)

    def handler(*inputs):
        return values(view(make_job(*inputs)))

    def streaming(*inputs):
        for shown in view(make_job(*inputs)):
            yield values(shown)

    made = streaming if inspect.isgeneratorfunction(view) else handler
    made.__name__, made.__doc__ = name, doc
    return made


def settings_handler(cls: type[Settings], make: Callable[[Settings], Any], more: bool = False,
                     notices: bool = False, uploads: bool = False) -> Callable:
    """An event handler taking the settings' widget values in declaration order: make(settings); with
    `more`, the values after them too: make(settings, *rest) (`uploads`: upload() inputs, as Uploads); with
    `notices`, what validation changed as toasts (notified)."""
    names = [name for name, _ in cls.controls()]

    def handler(*values):
        rest = values[len(names):] if more or uploads else ()
        rest = tuple(map(uploaded, rest)) if uploads else rest
        return make((notified if notices else settings_from)(cls, names, values[:len(names)]), *rest)

    handler.__name__, handler.__doc__ = getattr(make, "__name__", "handler"), make.__doc__
    return handler


def button_beside(label: str, cls: type[Settings], fn: Callable, outputs: Callable[[], list], api_name: str,
                  extra: Callable[[], list] | None = None) -> dict[str, Any]:
    """A button above its settings' widgets (and extra() inputs under them: uploads in an accordion), the
    result beside them (outputs() makes its components, in the order fn returns them): pressing the
    button does not scroll the page. fn takes the widgets' values, then the extra inputs'. Returns the widgets."""
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            button = gr.Button(label, variant="primary")
            widgets = settings_components(cls)
            more = extra() if extra else []
        with gr.Column(scale=2):
            results = outputs()
    button.click(friendly(fn), [*widgets.values(), *more], results, api_name=api_name)
    return widgets


def swap_pictures(a_key: str, a_upload, b_key: str, b_upload) -> tuple:
    """The classic lecture trick: paint the painting with the photo. Two picture_pickers, each its key and the upload
    used instead, trade places (uploads only: no server path, client_upload)."""
    a_upload, b_upload = (str(client_upload(u)) if u else None for u in (a_upload, b_upload))
    return b_key, b_upload, a_key, a_upload


def picture_picker(label: str, choices: list[tuple[str, str]], value: str,
                   image_of: Callable[[str], Any]) -> gr.Dropdown:
    """A dropdown of pictures ((label, key) choices) and a small view of the picked one under it, so a
    student sees what goes in: image_of(key), the picture or None."""
    key = gr.Dropdown(choices=choices, value=value, label=label)
    shown = gr.Image(value=friendly(image_of)(value), show_label=False, interactive=False, height=110, type="pil",
                     buttons=[])
    # outside the queue (a thumbnail is light): a page's result that follows the same dropdown is the one queued
    # event its change starts (one_follower_per_change)
    key.change(friendly(image_of), key, shown, api_name=False, queue=False, show_progress="hidden")
    return key


def grouped_components(cls: type[Settings], closed: Sequence[str] = (),
                       notes: dict[str, tuple[str, Callable[[Any], str]]] | None = None) -> dict[str, Any]:
    """settings_components() of the settings' groups (Settings.groups), an accordion each (open unless named
    in `closed`); notes[title] = (field, text_of): text_of(the field's value) under the group, following it."""
    components = {}
    for title, names in cls.groups.items():
        with gr.Accordion(title, open=title not in closed):
            components |= settings_components(cls, list(names))
            if notes and title in notes:
                field, text_of = notes[title]
                note = gr.Markdown(text_of(cls.control_of(field).default))
                components[field].change(text_of, components[field], note, api_name=False, queue=False,
                                         show_progress="hidden")   # text only: outside the queue, as above
    return components


def instant_preview() -> gr.Image:
    """The small picture beside a result that follows every control (a small, short run)."""
    return gr.Image(label="Instant preview: small and quick", type="pil", format="png", interactive=False,
                    height=220, buttons=[], elem_classes=["studio-pic", "studio-small"])
