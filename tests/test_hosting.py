"""What keeps a shared studio up under a class: the work budget, the time limit, the lanes, the
pruned export folder, API values checked like sliders, messages instead of tracebacks."""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from studio import budget
from studio.demos.dream import dream
from studio.demos.gan import toy as gan_toy
from studio.controls import Settings, control
from studio.errors import StudioError
from studio.frames import Frame


@pytest.fixture
def hosted(monkeypatch):
    monkeypatch.setenv("STUDIO_HOSTED", "1")
    monkeypatch.delenv("STUDIO_MAX_WORK", raising=False)
    monkeypatch.delenv("STUDIO_JOB_SECONDS", raising=False)


def test_budget_is_off_on_a_laptop_and_on_for_a_space(monkeypatch):
    for name in ("STUDIO_HOSTED", "SPACE_ID", "STUDIO_MAX_WORK", "STUDIO_JOB_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    assert budget.max_work() is None and budget.job_seconds() is None
    monkeypatch.setenv("SPACE_ID", "someone/studio")          # what Hugging Face sets on a Space
    assert budget.max_work() == budget.HOSTED_MAX_WORK and budget.job_seconds() == budget.HOSTED_JOB_SECONDS
    monkeypatch.setenv("STUDIO_MAX_WORK", "1e6")
    monkeypatch.setenv("STUDIO_JOB_SECONDS", "0")              # 0: no limit
    assert budget.max_work() == 1e6 and budget.job_seconds() is None


def test_an_oversized_dream_is_refused_before_it_starts_saying_what_to_lower(hosted, shared_torch_home):
    s = dream.DreamSettings(size=1024, octaves=8, steps=100, backbone="mobilenet_v2", layer="features.10")
    start = dream.start_image(s).image
    with pytest.raises(StudioError, match=r"Lower the steps per octave to (\d+) or the size to (\d+) px") as exc:
        dream.run(s, start)
    steps, size = (int(n) for n in re.search(r"to (\d+) or the size to (\d+)", str(exc.value)).groups())
    fewer = dream.DreamSettings.from_values({**s.to_dict(), "steps": steps})
    smaller = dream.DreamSettings.from_values({**s.to_dict(), "size": size})
    assert dream._dream_work(fewer, start).pixel_steps <= budget.max_work()          # the advice is enough
    assert dream._dream_work(smaller, dream.start_image(smaller).image).pixel_steps <= budget.max_work()
    default = dream.DreamSettings(backbone="mobilenet_v2", layer="features.10")
    dream.sweep(default, dream.start_image(default).image)   # the default sweep fits (checked, not run)


def test_a_job_past_its_time_limit_ends_on_its_last_picture_with_the_reason(monkeypatch):
    clock = [0.0]   # the budget's clock, moved by the job itself: each step takes a quarter of a second
    monkeypatch.setattr(budget, "time", SimpleNamespace(monotonic=lambda: clock[0]))

    def slow():
        for step in range(1, 101):
            clock[0] += 0.25
            yield Frame(None, step, 100, f"step {step}")

    frames = list(budget.time_limited(slow(), seconds=5))
    assert len(frames) == 21 and not frames[-1].done                       # 20 steps fill the 5 s; the 21st is past
    assert "5 s limit for one job" in frames[-1].caption and "lower the size or the steps" in frames[-1].caption
    assert len(list(budget.time_limited(slow(), seconds=0))) == 100        # 0: no limit


def test_the_live_gan_leaves_torch_global_random_numbers_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    gan_toy.ToyGan(gan_toy.ToyGanSettings(seed=5))   # a student's Reset, on a request thread
    assert torch.equal(torch.rand(3), expected)
    a, b = gan_toy.ToyGan(gan_toy.ToyGanSettings(seed=5)), gan_toy.ToyGan(gan_toy.ToyGanSettings(seed=5))
    assert all(torch.equal(p, q) for p, q in zip(a.G.parameters(), b.G.parameters()))   # still seeded



def test_api_values_are_checked_like_sliders():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class S(Settings):
        size: int = control("Size", 64, min=32, max=512)
        weight: float = control("Weight", 1.0, min=1e-2, max=1e3, log=True)
        mode: str = control("Mode", "a", choices=("a", "b"))
        fixed: bool = control("Fixed", True)

    from studio.ui.gradio_ui import settings_from

    names = ["size", "weight", "mode", "fixed"]
    s = settings_from(S, names, (float("nan"), 1e6, "b", "false"))
    assert s.size == 64 and s.weight == 1e3 and s.fixed is False and len(s.notices) == 2   # NaN, overflow
    s = settings_from(S, names, (float("inf"), float("-inf"), "a", 0))
    assert s.size == 64 and s.weight == 1.0
    for bad in ("sixty", None, "", [1]):
        with pytest.raises(StudioError, match="Size must be a number"):
            settings_from(S, names, (bad, 0, "a", True))
    with pytest.raises(StudioError) as exc:
        settings_from(S, names, (64, 0, "x" * 1_000_000, True))
    assert len(str(exc.value)) < 200                                    # a 1 MB value is not echoed back


def test_gradio_errors_are_one_log_line_and_never_a_traceback(caplog):
    import gradio as gr

    from studio.ui.gradio_ui import friendly

    def refuses():
        raise StudioError("Pick a painting first.")

    def breaks():
        return {}["missing"]

    with caplog.at_level(logging.INFO, logger="studio"):
        with pytest.raises(gr.Error, match="Pick a painting first") as exc:
            friendly(refuses)()
        assert exc.value.print_exception is False
        assert [r.getMessage() for r in caplog.records] == ["refused: Pick a painting first."]
        with pytest.raises(gr.Error) as exc:
            friendly(breaks)()
    assert "KeyError" not in exc.value.message and "could not finish" in exc.value.message
    assert caplog.records[-1].exc_info is not None          # the operator's log has the traceback
    assert exc.value.duration is None                       # a toast with no place to stay stays until closed


def test_a_refusal_is_written_into_the_status_line_and_still_raised_for_the_api(caplog):
    """Issue 23: a handler whose outputs have a status line (a Markdown) shows its refusal there, where it
    stays until the next run, instead of only in a toast that goes after 10 s and leaves "Error" pills."""
    import gradio as gr

    from studio.ui.gradio_ui import friendly, messages_in_place, start_stop

    budget_sentence = "This dream needs about 3.5× the work. Lower the steps per octave to 28."

    def refused(*_):
        raise StudioError(budget_sentence)
        yield

    def answers(x):
        return f"{x} and more"

    with gr.Blocks() as app:
        go, stop, other = gr.Button("Run"), gr.Button("Stop"), gr.Button("Other")
        picture, status, files = gr.Image(), gr.Markdown(), gr.File()
        start_stop(go, stop, refused, [], [picture, status, files], "refused")
        other.click(friendly(answers), status, status, api_name="answers")
        messages_in_place(app)
    by_name = {fn.api_name: fn for fn in app.fns.values() if fn.api_name}
    with caplog.at_level(logging.INFO, logger="studio"):
        run = by_name["refused"].fn()
        first = next(run)
        assert first[0] is not None and first[2] is not None and first[1].startswith('<div class="studio-message">')
        assert budget_sentence in first[1]
        assert {type(first[0]).__name__, type(first[2]).__name__} == {"dict"}   # gr.skip(): the picture stays
        with pytest.raises(gr.Error, match="3.5× the work"):                  # an API client still gets the error
            next(run)
    assert [r.getMessage() for r in caplog.records] == [f"refused: {budget_sentence}"]   # logged once
    assert by_name["refused"].types_generator and by_name["answers"].types_generator
    assert list(by_name["answers"].fn("this")) == ["this and more"]   # a plain handler answers as before
    # Start clears the status line in the browser before the run (registered first: events of one click
    # run in the order they were registered)
    clears = [fn for fn in app.fns.values() if fn.fn is None and fn.js and fn.outputs == [status]]
    assert clears and clears[0]._id < by_name["refused"]._id


def test_heavy_events_share_one_lane_and_the_rest_another(shared_torch_home, mnist_root):
    import app
    from studio.ui import gradio_ui

    blocks = app.build_blocks()
    lanes = {fn.api_name: (fn.concurrency_id, fn.concurrency_limit) for fn in blocks.fns.values() if fn.api_name}
    for heavy in ("dream", "dream_sweep", "dream_zoom", "stylise", "gan_toy_train"):
        assert lanes[heavy] == ("heavy", gradio_ui.CONCURRENCY), heavy
    for light in ("vae_samples", "denoise_compare", "gan_snapshots"):
        assert lanes[light] == ("light", gradio_ui.LIGHT_CONCURRENCY), light


def test_a_new_visitor_does_not_stall_the_server_building_every_blocks_config(shared_torch_home, mnist_root):
    """A student's first event makes Gradio's session state. Gradio built every block's config for it
    (~640 here: 53 ms of the event loop each time, 1.6 s for a class of 30 at once); the studio's builds none
    until one is read, and what Gradio's deep links read is the same as with Gradio's own."""
    import json

    import gradio.state_holder
    import app
    from studio.gradio_app import _LazySessionState

    original = _LazySessionState.__bases__[0]   # Gradio's own SessionState
    blocks = app.build_blocks()
    holder = gradio.state_holder.StateHolder()
    holder.set_blocks(blocks)
    session = holder["a-student"]   # what a first queue/join does
    assert isinstance(session, original) and dict.__len__(session.config_values) == 0
    textbox = next(k for k, b in blocks.blocks.items() if type(b).__name__ == "Textbox")
    session._update_value_in_config(textbox, "a value")   # what an event's output does
    assert dict.__len__(session.config_values) == 1
    assert sorted(vars(session)) == sorted(vars(original(blocks)))
    ours, gradios = list(session.components), list(original(blocks).components)
    assert len(ours) == len(gradios) == len(blocks.blocks)
    by_id = {c["id"]: c for c in gradios}
    by_id[textbox]["props"]["value"] = "a value"
    assert json.dumps(sorted(ours, key=lambda c: c["id"]), default=str) == \
        json.dumps(sorted(by_id.values(), key=lambda c: c["id"]), default=str)


def test_the_server_keeps_its_start_up_objects_out_of_every_garbage_collection(shared_torch_home, mnist_root,
                                                                              monkeypatch):
    """Issue 22: Python's full garbage collections walked every object start-up made (550,000 here: torch,
    Gradio's blocks), holding the interpreter 250-360 ms each, several times during a class's burst of
    clicks, while pages and light jobs waited. The launched server freezes them first: a collection then
    walks almost nothing."""
    import gc

    import app
    from studio import gradio_app

    frozen_at_launch = []
    monkeypatch.setattr(gradio_app.gr.Blocks, "launch", lambda self, **kw: frozen_at_launch.append(gc.get_freeze_count()))
    try:
        blocks = app.build_blocks()
        tracked = len(gc.get_objects())
        gradio_app.launch(blocks)
        assert frozen_at_launch and frozen_at_launch[0] >= 0.9 * tracked > 100_000
        assert len(gc.get_objects()) < 0.01 * tracked
    finally:
        gc.unfreeze()   # the rest of the test session collects as before


def test_a_click_does_not_recompute_gradios_monitoring_summary(shared_torch_home, mnist_root, monkeypatch):
    """Issue 22: after every event Gradio rebuilt the summary behind its monitoring page, a pandas table of
    the last 10,000 events grouped by endpoint (4-12 ms of CPU holding the interpreter, growing with the
    events a server has seen), on every click of a class. The studio's queue never does, and the launched
    studio serves no monitoring page that would show a stale one."""
    import app
    from studio import gradio_app

    blocks = app.build_blocks()
    queue = blocks._queue
    records = [{"time": 0.0, "status": "success", "process_time": 0.01, "function": "vae_samples",
                "session_hash": str(i)} for i in range(500)]   # what the queue recorded of 500 clicks
    queue.events_recorded += len(records)

    def table(rows):
        pytest.fail(f"Gradio rebuilt its monitoring summary of {len(rows)} events")

    monkeypatch.setattr(queue, "_get_df", table)
    assert queue.compute_analytics_summary(records) == {"functions": {}}   # what Gradio runs after each event
    launched = {}
    monkeypatch.setattr(gradio_app, "freeze_start_up_objects", lambda: 0)
    monkeypatch.setattr(gradio_app.gr.Blocks, "launch", lambda self, **kw: launched.update(kw))
    gradio_app.launch(blocks)
    assert launched["enable_monitoring"] is False


def test_gradios_folder_check_answers_as_before_but_resolves_each_configured_folder_once(tmp_path, monkeypatch):
    """Issue 22: each event Gradio resolved the same configured folders (its cache, the working directory,
    two icons) link by link, ~195 file-system calls in the web server's one thread, each waiting to get
    the interpreter back. The studio's check resolves the file a request names afresh every time, as
    Gradio does (links and ../ out of a folder are out), and each configured folder once."""
    import gradio.utils

    from studio.ui import gradio_tuning

    def gradios(path_1, path_2):   # gradio.utils.is_in_or_equal of Gradio 6.31, as shipped
        try:
            Path(os.path.abspath(path_1)).resolve().relative_to(Path(os.path.abspath(path_2)).resolve())
            return True
        except ValueError:
            return False

    folder, outside = tmp_path / "deep" / "er" / "uploads", tmp_path / "elsewhere"
    folder.mkdir(parents=True), outside.mkdir()
    (folder / "a.png").write_bytes(b"x"), (outside / "secret.png").write_bytes(b"x")
    (folder / "link-out.png").symlink_to(outside / "secret.png")
    (tmp_path / "link-to-uploads").symlink_to(folder)
    cases = [folder / "a.png", folder, folder / "link-out.png", folder / ".." / "uploads" / "a.png",
             folder / ".." / ".." / ".." / "elsewhere" / "secret.png", outside / "secret.png", folder / "missing.png",
             tmp_path / "link-to-uploads" / "a.png", "/dev/zero", "relative/../a.png"]
    for configured in (folder, tmp_path / "link-to-uploads", str(folder) + "/"):
        for case in cases:
            assert gradio_tuning.is_in_or_equal(case, configured) == gradios(case, configured), (case, configured)
    assert gradio_tuning.is_in_or_equal(folder / "a.png", folder) and not \
        gradio_tuning.is_in_or_equal(folder / "link-out.png", folder)

    lstats = []
    real_lstat = os.lstat
    monkeypatch.setattr(os, "lstat", lambda p, *a, **kw: lstats.append(p) or real_lstat(p, *a, **kw))
    gradios(folder / "a.png", folder)
    by_gradio, lstats[:] = len(lstats), []
    gradio_tuning.is_in_or_equal(folder / "a.png", folder)   # the folder was resolved above
    assert 0 < len(lstats) <= by_gradio // 2 + 1   # only the named file's path, link by link

    gradio_tuning.resolve_folders_once()   # what launch() does: every module that took Gradio's check by name
    for module in gradio_tuning.USERS_OF_THE_FOLDER_CHECK:
        assert module.is_in_or_equal is gradio_tuning.is_in_or_equal
    assert gradio.utils.is_allowed_file(folder / "a.png", [], [], [folder])[0]
    assert not gradio.utils.is_allowed_file(folder / "link-out.png", [], [], [folder])[0]


def test_gradio_finds_matplotlib_missing_without_searching_for_it_on_every_event():
    """Gradio imports matplotlib on entering and leaving every event, to set its backend; the studio
    does not install it, and each failed import searched every folder of sys.path again. Launched, the
    studio marks it absent once: the import still fails, as Gradio expects, but at once."""
    import importlib.util
    import sys

    import gradio.utils

    from studio.ui import gradio_tuning

    if "matplotlib" not in sys.modules and importlib.util.find_spec("matplotlib") is not None:
        pytest.skip("matplotlib is installed here")
    gradio_tuning.no_matplotlib_search()
    with pytest.raises(ImportError, match="None in sys.modules"):
        import matplotlib  # noqa: F401
    with gradio.utils.MatplotlibBackendMananger():   # what every event runs
        pass


def test_exports_live_in_one_folder_and_old_ones_go(tmp_path, monkeypatch):
    from PIL import Image

    from studio.ui import gradio_ui

    monkeypatch.setattr(gradio_ui, "EXPORTS", tmp_path)
    monkeypatch.setattr(gradio_ui, "_pruned_at", 0.0)
    picture = Image.new("RGB", (64, 48), "white")
    first = gradio_ui.export_files("a", picture, "caption", {"x": 1}, [picture, picture])
    assert [os.path.basename(p) for p in first] == ["a.png", "a-captioned.png", "a-slide.png", "a.gif"]
    old = os.path.dirname(first[0])
    past = time.time() - gradio_ui.EXPORT_KEEP_S - 60
    os.utime(old, (past, past))
    # Within a minute of the last look, a result does not walk the folder (a class writes thousands)...
    gradio_ui.gif_file([picture, picture], "b")
    assert os.path.exists(old) and len(list(tmp_path.iterdir())) == 2
    # ...a minute later the old ones go
    monkeypatch.setattr(gradio_ui, "_pruned_at", time.time() - gradio_ui.EXPORT_PRUNE_S)
    gradio_ui.gif_file([picture, picture], "c")
    assert not os.path.exists(old) and len(list(tmp_path.iterdir())) == 2


def test_streamlit_refusal_stays_under_run_until_the_next_run(hosted, shared_torch_home):
    """Issue 23: on a hosted studio the over-budget refusal is shown under Run and stays there while the
    page reruns (another widget moved); the next run that fits clears it."""
    from streamlit.testing.v1 import AppTest

    from conftest import REPO

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180).run()
    at.switch_page("pages/1_DeepDream.py").run()
    for name, value in (("size", 1024), ("octaves", 8), ("steps", 100)):
        at.slider(key=f"dream.{name}").set_value(value)
    at.button(key="dream.dream.run").click().run()
    refusals = [e.value for e in at.error]
    assert any("needs about" in r and "Lower the steps per octave to" in r for r in refusals), refusals
    at.slider(key="dream.jitter").set_value(8).run()                 # a rerun that is not a run
    assert [e.value for e in at.error] == refusals
    for name, value in (("size", 96), ("octaves", 1), ("steps", 2)):
        at.slider(key=f"dream.{name}").set_value(value)
    at.button(key="dream.dream.run").click().run()
    assert not at.error and not at.exception
