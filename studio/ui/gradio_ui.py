"""Gradio rendering of the core: one Blocks app with a tab per demo, widgets from control specs."""

from __future__ import annotations

import functools
import importlib
import inspect
import os
from typing import Any, Callable

import gradio as gr

from studio.controls import Control, Settings
from studio.demos import DEMOS, INTRO
from studio.errors import StudioError
from studio.images import MAX_BYTES
from studio.ui.common import device_line, inventory_markdown

# A free Hugging Face Space has 2 vCPUs: one heavy job per demo at a time, the rest wait
# in a bounded queue and see their position instead of slowing everyone down.
CONCURRENCY = int(os.environ.get("STUDIO_CONCURRENCY", "1"))
QUEUE_SIZE = int(os.environ.get("STUDIO_QUEUE_SIZE", "32"))


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
    label = f"{ctl.label} (log₁₀)" if ctl.log else ctl.label
    return gr.Slider(minimum=lo, maximum=hi, value=value, step=step, label=label, info=info)


def settings_components(cls: type[Settings], fields: list[str] | None = None) -> dict[str, Any]:
    """Components for the settings' controls, in declaration order, keyed by field name."""
    return {name: component(ctl) for name, ctl in cls.controls() if fields is None or name in fields}


def settings_from(cls: type[Settings], names: list[str], values: tuple, **fixed) -> Settings:
    """Rebuild validated settings from the values Gradio passes to an event handler."""
    loose = dict(fixed)
    for name, value in zip(names, values):
        loose[name] = cls.control_of(name).from_widget(value)
    return cls.from_values(loose)


def friendly(fn: Callable) -> Callable:
    """StudioError -> gr.Error: the message shows in the app and the server keeps serving."""

    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def stream(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except StudioError as exc:
                raise gr.Error(str(exc)) from None

        return stream

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except StudioError as exc:
            raise gr.Error(str(exc)) from None

    return call


def _home_tab() -> None:
    gr.Markdown(f"# 🎛️ Studio\n#### An interactive teaching studio for generative deep learning\n{INTRO}")
    gr.Markdown("\n".join(f"- **{d.icon} {d.title}** — {d.teaches}" for d in DEMOS))
    gr.Markdown(device_line())
    try:
        gr.Markdown("#### On this computer\n" + inventory_markdown())
    except StudioError as exc:
        gr.Markdown(f"⚠️ {exc}")


def _demo_tab(d) -> None:
    gr.Markdown(f"## {d.icon} {d.title}\n{d.teaches}")
    if d.ready:
        # A tab that cannot be built (MNIST or weights missing, no network) says why in
        # place; the other tabs and the app keep working.
        with gr.Column() as body:
            try:
                importlib.import_module(d.gradio_module).build_tab()
            except StudioError as exc:
                body.visible = False
                failed = str(exc)
            else:
                failed = None
        if failed:
            gr.Markdown(f"⚠️ {failed}")
    else:
        gr.Markdown(f"🚧 This demo is being built. It will need: {d.needs}.")


def build_app() -> gr.Blocks:
    with gr.Blocks(title="Studio · generative deep learning", analytics_enabled=False) as app:
        with gr.Tabs():
            with gr.Tab("Studio", id="home"):
                _home_tab()
            for d in DEMOS:
                with gr.Tab(f"{d.icon} {d.title}", id=d.key):
                    _demo_tab(d)
    app.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    return app


def launch(app: gr.Blocks | None = None, **kwargs) -> None:
    app = app or build_app()
    app.launch(max_file_size=MAX_BYTES, show_error=True, **kwargs)
