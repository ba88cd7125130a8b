"""A hosted studio keeps answering while heavy work runs (issue 22): heavy steps run on the heavy pool's
threads, below the server's priority and with the studio's torch threads; the light lane never waits
for the heavy one; a laptop runs its heavy jobs as before. Events, not timings: no assertion here
depends on how busy the machine is."""

from __future__ import annotations

import os
import sys
import threading

import gradio as gr
import pytest
import torch

from studio import lanes
from studio.ui.gradio_ui import HEAVY

LINUX = sys.platform.startswith("linux")


def _niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def _where() -> dict:
    """What the calling thread is: its name, niceness and torch threads."""
    return {"thread": threading.current_thread().name, "nice": _niceness(), "torch": torch.get_num_threads()}


@pytest.fixture
def hosted(monkeypatch):
    monkeypatch.setenv("STUDIO_HOSTED", "1")


@pytest.mark.skipif(not LINUX, reason="a thread's own niceness is Linux's")
def test_heavy_steps_run_on_their_own_lower_priority_threads_with_the_studios_torch_threads():
    before, caller = torch.get_num_threads(), _niceness()
    pool = lanes.HeavyPool(workers=1, threads=1)
    seen = []

    def dream(n):   # a heavy handler: a generator of frames
        for i in range(n):
            seen.append(_where())
            yield i

    try:
        assert list(pool.run(dream)(3)) == [0, 1, 2]
        assert pool.run(lambda: _where())()["thread"].startswith("studio-heavy")   # a plain handler too
    finally:
        torch.set_num_threads(before)   # the pool's start set torch's process-wide default
    assert [s["nice"] for s in seen] == [min(19, caller + lanes.HEAVY_NICE)] * 3
    assert [s["torch"] for s in seen] == [1] * 3
    assert {s["thread"] for s in seen} == {seen[0]["thread"]} and seen[0]["thread"].startswith("studio-heavy")
    assert _niceness() == caller   # the caller's own priority (the web server's) is untouched


def test_closing_a_heavy_stream_closes_its_generator_and_errors_reach_the_caller():
    pool = lanes.HeavyPool(workers=1, threads=torch.get_num_threads())
    closed = threading.Event()

    def run():
        try:
            yield 1
            yield 2
        finally:
            closed.set()

    stream = pool.run(run)()
    assert next(stream) == 1
    stream.close()   # Stop
    assert closed.is_set()

    def refused():
        raise ValueError("a sentence for the visitor")
        yield

    with pytest.raises(ValueError, match="a sentence"):
        list(pool.run(refused)())


def _app(started: threading.Event, release: threading.Event, heavy_runs: list):
    from studio.gradio_app import queued

    def heavy():
        heavy_runs.append(_where())
        yield "working"
        started.set()
        release.wait(120)   # held until the test has seen the light lane answer
        yield "done"

    with gr.Blocks() as app:
        box = gr.Textbox()
        gr.Button("heavy").click(heavy, None, box, api_name="heavy", **HEAVY)
        gr.Button("light").click(lambda: _where(), None, gr.JSON(), api_name="light")
    return queued(app)


@pytest.mark.skipif(not LINUX, reason="a thread's own niceness is Linux's")
def test_a_cheap_job_answers_while_a_heavy_one_runs_and_the_heavy_lane_stays_one_wide(hosted):
    from gradio_client import Client

    started, release, runs = threading.Event(), threading.Event(), []
    app = _app(started, release, runs)
    app.launch(prevent_thread_lock=True, server_name="127.0.0.1", quiet=True)
    try:
        client = Client(app.local_url, verbose=False)
        first = client.submit(api_name="/heavy")
        assert started.wait(60), "the heavy job did not start"
        second = client.submit(api_name="/heavy")     # the class's next dream waits in the one heavy lane
        light = client.predict(api_name="/light")     # answered while the dream still runs
        assert not first.done() and not release.is_set()
        assert len(runs) == 1, "a second heavy job ran beside the first"
        # the web server's own threads (the light job's) keep the process's priority; the dream's is lower
        assert not light["thread"].startswith("studio-heavy") and light["nice"] < runs[0]["nice"]
        assert runs[0]["thread"].startswith("studio-heavy")
        release.set()
        assert first.result() == "done" and second.result() == "done"
    finally:
        release.set()
        app.close()


def test_a_laptop_runs_heavy_jobs_in_gradios_threads_as_before(monkeypatch):
    from studio.gradio_app import queued

    for name in ("STUDIO_HOSTED", "SPACE_ID"):
        monkeypatch.delenv(name, raising=False)

    def heavy():
        yield 1

    with gr.Blocks() as app:
        gr.Button("heavy").click(heavy, None, gr.Textbox(), api_name="heavy", **HEAVY)
    queued(app)
    (fn,) = [f for f in app.fns.values() if f.api_name == "heavy"]
    assert fn.fn is heavy
