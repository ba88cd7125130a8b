"""The GAN page: snapshots as the manifest measured them, and the live 2-D GAN."""

import re
import threading
import time

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from conftest import REPO
from studio.demos.gan import snapshots as snaps
from studio import zoo
from studio.demos.gan import toy as gan_toy


def test_histograms_on_the_page_equal_the_manifest_and_can_be_remeasured():
    for family in snaps.FAMILIES:
        shots = snaps.snapshots(family)
        assert shots, family
        fig = snaps.histogram_figure(shots[:1])
        assert list(fig.data[0].y) == shots[0]["metrics"]["class_histogram"]
    # The live re-count (same judge, same 10,000 latents) reproduces the stored figures.
    for name in ("gan-dense-e005", snaps.snapshots("dcgan")[-1]["name"]):
        hist, covered, entropy = snaps.measure(name)
        m = zoo.entry(name)["metrics"]
        assert hist == m["class_histogram"] and covered == m["classes_covered"]


def test_the_collapse_and_the_cure_are_in_the_series():
    dense = [e["metrics"]["classes_covered"] for e in snaps.snapshots("dense")]
    dcgan = snaps.snapshots("dcgan")
    assert min(dense) <= snaps.COLLAPSE_COVERED
    assert dcgan[-1]["metrics"]["classes_covered"] >= 9
    fig = snaps.coverage_figure()
    assert any("collapsed" in (t.name or "") for t in fig.data)


def test_the_fixed_batch_gives_identical_images_across_reloads():
    name = snaps.at_epoch("dcgan", 5)["name"]
    first = np.asarray(snaps.grid(name, snaps.fixed_latents()))
    snaps.generator.cache_clear()
    snaps.fixed_latents.cache_clear()
    again = np.asarray(snaps.grid(name, snaps.fixed_latents()))
    assert np.array_equal(first, again)
    other = np.asarray(snaps.grid(name, snaps.latents(snaps.SnapshotSettings(use_fixed=False, seed=3))))
    assert not np.array_equal(first, other)


def test_epochs_between_snapshots_show_the_latest_earlier_one():
    last = snaps.snapshots("dcgan")[-1]["epoch"]
    assert snaps.at_epoch("dcgan", 10_000)["epoch"] == last
    assert snaps.at_epoch("dense", 1)["epoch"] == 1


def test_toy_gan_default_covers_the_ring_and_the_collapse_prone_setting_does_not():
    s = gan_toy.ToyGanSettings(seed=0)
    gan = list(gan_toy.train_to_budget(s, chunk=1000))[-1]
    assert gan.step == s.steps and gan.modes_covered() >= 6
    collapsed = list(gan_toy.train_to_budget(gan_toy.ToyGanSettings(seed=0, **gan_toy.COLLAPSE_PRONE),
                                             chunk=1000))[-1]
    assert collapsed.modes_covered() <= 3


def test_toy_targets_and_figure():
    for target in gan_toy.TARGETS:
        gan = gan_toy.ToyGan(gan_toy.ToyGanSettings(target=target, steps=100))
        gan.train(20)
        fig = gan_toy.figure(gan)
        assert fig.data[0].type == "heatmap" and len(fig.data[2].x) == 1000
        # real points sit on the target's modes
        assert gan_toy.modes_covered(gan.real_points(), target) == gan.modes_total


def test_streamlit_epoch_slider_changes_the_snapshots():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180).run()
    at.switch_page("pages/4_GAN_snapshots.py").run()
    assert not at.exception
    before = [el.proto.imgs[0].url for el in at.get("image")]
    at.select_slider(key="gan.snap.epoch").set_value(1).run()
    assert not at.exception
    after = [el.proto.imgs[0].url for el in at.get("image")]
    assert before[:2] != after[:2]
    assert any("epoch 1" in h.value for h in at.subheader)
    # epoch 1 of the dense GAN draws blobs, not a few kinds of digit: not called a collapse
    assert any("Not digits yet" in w.value for w in at.warning)
    assert not any("Collapsed" in e.value for e in at.error)
    at.button(key="gan.toy.step").click().run()
    assert not at.exception
    assert any(c.value.startswith("step 100 of 3000") for c in at.caption)


def test_gradio_functions_answer():
    from studio.demos.gan import gradio as gan_gradio

    dense, dcgan, hist, coverage = gan_gradio.snapshots(5, 0, True)
    # two families' bars, and the covered threshold named in the legend (not over the bars)
    assert dense.size == dcgan.size and [t.type for t in hist.data] == ["bar", "bar", "scatter"]
    assert "counts as covered" in hist.data[2].name and not hist.layout.annotations
    defaults = [ctl.to_widget(ctl.default) for _, ctl in gan_toy.ToyGanSettings.controls()]  # as sliders send
    state, fig, status = gan_gradio.toy_step(None, *defaults)
    assert state.step == 100 and "step 100" in status
    stream = gan_gradio.toy_start(state, *defaults)
    state, fig, status = next(stream)
    assert state.step > 100
    # the sliders are set to the recipe's stops (-2.3, not -2.30103) and read back as its exact rates
    prone = gan_gradio.collapse_prone()
    assert prone == ["minimax", -2.3, -3.3, 1]
    c = gan_toy.ToyGanSettings.control_of
    assert (c("g_lr").from_widget(prone[1]), c("d_lr").from_widget(prone[2])) == (5e-3, 5e-4)


def test_a_step_clicked_while_a_slice_trains_waits_for_it_and_shows_the_model():
    """Stop lets the slice in progress finish on its thread (Gradio; Streamlit runs the click's rerun beside
    the tick it cuts short): a Step clicked meanwhile trains after that slice, never beside it, and the step
    it shows is the model's. CI once showed "step 596" after Stop while the model went on to 600."""
    from studio.ui.gradio_ui import live_handlers

    # a slice of 2 s, so the click surely lands while it trains
    start, stepped, _ = live_handlers(gan_toy.ToyGanSettings, gan_toy.ToyGan, 2.0, lambda g: (), first=False,
                                      step=lambda g: g.train(100))
    defaults = [ctl.to_widget(ctl.default) for _, ctl in gan_toy.ToyGanSettings.controls()]
    state, _ = stepped(None, *defaults)
    stream, failed = start(state, *defaults), []

    def one_slice():
        try:
            next(stream)
        except Exception as e:   # two threads on one model: "Training diverged (the weights became infinite)"
            failed.append(e)

    slice_ = threading.Thread(target=one_slice)
    slice_.start()
    while state.step <= 100:   # the slice is training
        time.sleep(0.01)
    _, status = stepped(state, *defaults)
    slice_.join()
    assert not failed, failed   # the slice trained on undisturbed
    shown = int(re.match(r"step (\d+) of", status).group(1))
    assert shown == state.step   # nothing trained after the step was shown
    assert shown % 25 == 0 and shown >= 225   # whole chunks of the slice, then the step's 100 after them


def test_gradio_snapshot_handler_takes_every_snapshot_setting():
    from studio.demos.gan import gradio as gan_gradio

    assert gan_gradio.SNAP_FIELDS == [n for n, _ in snaps.SnapshotSettings.controls()]


def test_gradio_sheet_headings_and_captions_are_the_cores():
    """The Gradio tab's headings and captions are the core's words (snaps.heading, verdicts, caption)."""
    from studio.demos.gan import gradio as gan_gradio

    epoch = snaps.epochs()[0]
    for family, head, text in zip(snaps.FAMILIES, gan_gradio.headings(epoch), gan_gradio.captions(epoch, 3, False)):
        entry = snaps.at_epoch(family, epoch)
        assert head.startswith(f"### {snaps.heading(entry)}") and all(t in head for _, t in snaps.verdicts(entry))
        assert text == snaps.caption(entry, snaps.SnapshotSettings(epoch=epoch, seed=3, use_fixed=False))
        assert "seed 3" in text
