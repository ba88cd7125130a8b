"""Gradio: the GAN tab (epoch snapshots, and a live 2-D GAN)."""

from __future__ import annotations

import time

import gradio as gr

from studio.demos.gan import snapshots as snaps
from studio import budget
from studio.demos.gan import toy as gan_toy
from studio.demos.gan.texts import MODE_COLLAPSE, TOY, WHY_DCGAN, WHY_DENSE
from studio.ui.gradio_ui import HEAVY, LinkBar, friendly, gif_file, picture, readable, settings_components, settings_from

SNAP_FIELDS = ["epoch", "seed", "use_fixed"]   # SnapshotSettings' fields (its epochs come from the manifest, at first use)
TOY_FIELDS = [n for n, _ in gan_toy.ToyGanSettings.controls()]
REFRESH_S = gan_toy.REFRESH_S


def snapshots(epoch, seed, use_fixed):
    """Both families at an epoch: two sample sheets, the histograms and the coverage chart."""
    s = settings_from(snaps.SnapshotSettings, SNAP_FIELDS, (epoch, seed, use_fixed))
    z = snaps.latents(s)
    entries = [snaps.at_epoch(f, s.epoch) for f in snaps.FAMILIES]
    sheets = [snaps.grid(e["name"], z, caption=snaps.caption(e, s)) for e in entries]
    return sheets[0], sheets[1], readable(snaps.histogram_figure(entries)), readable(snaps.coverage_figure(s.epoch))


def series(family, epoch, seed):
    s = settings_from(snaps.SnapshotSettings, ["epoch", "seed"], (epoch, seed))
    entry = snaps.at_epoch(family, s.epoch)
    return snaps.interpolation(entry["name"], s.seed), snaps.series_sheet(family), \
        gif_file(snaps.series_frames(family), f"gan-{family}-series", duration_ms=snaps.SERIES_FRAME_MS)


def _toy_settings(values) -> gan_toy.ToyGanSettings:
    return settings_from(gan_toy.ToyGanSettings, TOY_FIELDS, values)


def toy_start(state, *values):
    """Train to the budget, yielding the live view a few times a second (Stop cancels); a hosted
    studio's time limit for one job stops it too (Start again continues)."""
    s = _toy_settings(values)
    gan = gan_toy.current(state, s)
    limit = budget.job_seconds()
    deadline = time.monotonic() + limit if limit else None
    while gan.step < s.steps:
        if deadline and time.monotonic() > deadline:
            yield gan, gan_toy.figure(gan), f"{gan.status()} · paused at the {limit:g} s limit for one job: Start continues."
            return
        rate = gan.train_for(REFRESH_S)
        yield gan, gan_toy.figure(gan), gan.status(rate)
    yield gan, gan_toy.figure(gan), gan.status()


def toy_step(state, *values):
    s = _toy_settings(values)
    gan = gan_toy.current(state, s)
    gan.train(100)
    return gan, gan_toy.figure(gan), gan.status()


def toy_reset(*values):
    gan = gan_toy.ToyGan(_toy_settings(values))
    return gan, gan_toy.figure(gan), gan.status()


def collapse_prone():
    c = gan_toy.ToyGanSettings.control_of
    return [c(n).to_widget(v) for n, v in gan_toy.COLLAPSE_PRONE.items()]


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("gan")
    with gr.Tab("Epoch snapshots (MNIST)"):
        # Projector layout: the two sheets first and as tall as the screen allows, the controls and
        # the explanation in a side column; the charts below.
        with gr.Row(equal_height=False):
            first = snapshots(*(ctl.default for _, ctl in snaps.SnapshotSettings.controls()))
            with gr.Column(scale=3, min_width=480):
                with gr.Row():
                    # no label chips: each sheet names itself underneath
                    dense = picture(snaps.FAMILIES["dense"], value=first[0], show_label=False)
                    dcgan = picture(snaps.FAMILIES["dcgan"], value=first[1], show_label=False)
            with gr.Column(scale=1, min_width=280, elem_classes=["studio-side"]):
                c = settings_components(snaps.SnapshotSettings)
                gr.Markdown(MODE_COLLAPSE, elem_classes=["studio-help"])
        with gr.Row():
            hist = gr.Plot(first[2], label="Class histogram (digit classifier, 10,000 samples)", show_label=False)
            coverage = gr.Plot(first[3], label="Classes covered and entropy over epochs", show_label=False)
        inputs = [c[n] for n in SNAP_FIELDS]
        for i, comp in enumerate(inputs):
            comp.change(friendly(snapshots), inputs, [dense, dcgan, hist, coverage],
                        api_name="gan_snapshots" if i == 0 else False)
        gr.Markdown(WHY_DENSE + "\n\n" + WHY_DCGAN, elem_classes=["studio-help"])
        with gr.Accordion("Interpolate, and the whole series for slides", open=False):
            family = gr.Radio([(v, k) for k, v in snaps.FAMILIES.items()], value="dense", label="GAN")
            go = gr.Button("Make them", variant="primary")
            interp = picture("A line between two latent vectors", elem_classes=["studio-small"])
            sheet = picture("Contact sheet across epochs", elem_classes=["studio-small"])
            gif = gr.Image(label="Series (GIF)", type="filepath")
            go.click(friendly(series), [family, c["epoch"], c["seed"]], [interp, sheet, gif], api_name="gan_series")
    with gr.Tab("Live 2-D GAN"):
        gr.Markdown(TOY, elem_classes=["studio-help"])
        state = gr.State(None)
        with gr.Row():
            with gr.Column(scale=1):
                t = settings_components(gan_toy.ToyGanSettings)
                collapse = gr.Button("Load the collapse-prone setting")
            with gr.Column(scale=3):
                with gr.Row():
                    start = gr.Button("Start", variant="primary")
                    stop = gr.Button("Stop")
                    step = gr.Button("Step (100)")
                    reset = gr.Button("Reset")
                status = gr.Markdown()
                view = gr.Plot(label="Real vs generated, decision surface, losses")
        toy_inputs = [t[n] for n in TOY_FIELDS]
        run = start.click(friendly(toy_start), [state, *toy_inputs], [state, view, status], api_name="gan_toy_train",
                          **HEAVY)
        stop.click(None, cancels=[run])
        step.click(friendly(toy_step), [state, *toy_inputs], [state, view, status], api_name="gan_toy_step")
        reset.click(friendly(toy_reset), toy_inputs, [state, view, status], api_name=False)
        collapse.click(collapse_prone, None, [t[n] for n in gan_toy.COLLAPSE_PRONE], api_name=False)
    link_bar.wire({**{("gan.snap", n): x for n, x in c.items()}, **{("gan.toy", n): x for n, x in t.items()}},
                  picks={"family": family})
