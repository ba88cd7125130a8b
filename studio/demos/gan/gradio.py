"""Gradio: the GAN tab (epoch snapshots, and a live 2-D GAN)."""

from __future__ import annotations

import gradio as gr

from studio.demos.gan import snapshots as snaps
from studio.demos.gan import toy as gan_toy
from studio.demos.gan.texts import MODE_COLLAPSE, TOY, WHY_DCGAN, WHY_DENSE
from studio.ui.gradio_ui import (LinkBar, LiveTraining, caption_line, follows, friendly, gif_file, live_handlers,
                                 picture, readable, settings_beside, settings_components, settings_from)

SNAP_FIELDS = ["epoch", "seed", "use_fixed"]   # SnapshotSettings' fields (its epochs come from the manifest, at first use)


def snapshots(epoch, seed, use_fixed):
    """Both families at an epoch: two sample sheets, the histograms and the coverage chart."""
    s = settings_from(snaps.SnapshotSettings, SNAP_FIELDS, (epoch, seed, use_fixed))
    shown = snaps.sheets(s)
    return (*[sheet for _, sheet, _ in shown], *map(readable, snaps.charts(s, shown)))


def headings(epoch):
    """Both families' sheet headings at an epoch."""
    return snaps.headings(settings_from(snaps.SnapshotSettings, ["epoch"], (epoch,)).epoch)


def captions(epoch, seed, use_fixed):
    """Both sheets' captions (family, epoch, classes, entropy, the latents), the text under each."""
    return snaps.captions(settings_from(snaps.SnapshotSettings, SNAP_FIELDS, (epoch, seed, use_fixed)))


def series(family, epoch, seed):
    s = settings_from(snaps.SnapshotSettings, ["epoch", "seed"], (epoch, seed))
    return snaps.interpolation_at(family, s)[0], snaps.series_sheet(family), \
        gif_file(snaps.series_frames(family), f"gan-{family}-series", duration_ms=snaps.SERIES_FRAME_MS), \
        snaps.series_caption(family)


# Start trains to the budget, showing the live view a few times a second (Stop cancels); a hosted studio's
# time limit for one job stops it too (Start again continues). Kept while the settings stay the same.
toy_start, toy_step, toy_reset = live_handlers(gan_toy.ToyGanSettings, gan_toy.ToyGan, gan_toy.REFRESH_S,
                                               lambda g: (gan_toy.figure(g),), first=False, step=lambda g: g.train(100))


def collapse_prone():
    return list(gan_toy.collapse_prone_widgets().values())


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("gan")
    with gr.Tabs() as views:
        with gr.Tab("Epoch snapshots (MNIST)", id="snapshots"):
            # Projector layout: the two sheets first and as tall as the screen allows, the controls and
            # the explanation in a side column; the charts below.
            with gr.Row(equal_height=False):
                defaults = [ctl.default for _, ctl in snaps.SnapshotSettings.controls()]
                first, heads, texts = snapshots(*defaults), headings(defaults[0]), captions(*defaults)
                with gr.Column(scale=3, min_width=480):
                    with gr.Row(elem_classes=["studio-headed"]):
                        # no label chips: a heading and its verdict above each sheet (as Streamlit's), and
                        # its caption (classes, entropy, the latents) under it
                        head_md, sheets, caption_md = [], [], []
                        for i, family in enumerate(snaps.FAMILIES):
                            with gr.Column(min_width=240):
                                head_md.append(gr.Markdown(heads[i], elem_classes=["studio-sheet-head"]))
                                sheets.append(picture(snaps.FAMILIES[family], value=first[i], show_label=False))
                                caption_md.append(caption_line(texts[i]))
                with gr.Column(scale=1, min_width=280, elem_classes=["studio-side"]):
                    c = settings_components(snaps.SnapshotSettings)
                    gr.Markdown(MODE_COLLAPSE, elem_classes=["studio-help"])
            with gr.Row():
                hist = gr.Plot(first[2], label="Class histogram (digit classifier, 10,000 samples)", show_label=False)
                coverage = gr.Plot(first[3], label="Classes covered and entropy over epochs", show_label=False)
            inputs = [c[n] for n in SNAP_FIELDS]
            # the captions and headings after the sheets: one queued event per change (one_follower_per_change)
            follows(snapshots, inputs, [*sheets, hist, coverage], api_name="gan_snapshots").then(
                friendly(captions), inputs, caption_md, api_name=False).then(
                friendly(headings), c["epoch"], head_md, api_visibility="private")
            gr.Markdown(WHY_DENSE + "\n\n" + WHY_DCGAN, elem_classes=["studio-help"])
            with gr.Accordion("Interpolate, and the whole series for slides", open=False):
                family = gr.Radio([(v, k) for k, v in snaps.FAMILIES.items()], value="dense", label="GAN")
                go = gr.Button("Make them", variant="primary")
                interp = picture("A line between two latent vectors", elem_classes=["studio-small"])
                sheet = picture("Contact sheet across epochs", elem_classes=["studio-small"])
                sheet_caption = caption_line()
                gif = gr.Image(label="Series (GIF)", type="filepath")
                go.click(friendly(series), [family, c["epoch"], c["seed"]], [interp, sheet, gif, sheet_caption],
                         api_name="gan_series")
        with gr.Tab("Live 2-D GAN", id="live"):
            # the buttons and the whole live chart on the first screen (1280×720); the explanation under them
            t, controls, main = settings_beside(gan_toy.ToyGanSettings)
            with controls:
                collapse = gr.Button("Load the collapse-prone setting")
            with main:
                run = LiveTraining(step="Step (100)")
                view = gr.Plot(label="Real vs generated, decision surface, losses")
            gr.Markdown(TOY, elem_classes=["studio-help"])
            run.wire(toy_start, list(t.values()), [view], "gan_toy_train", reset=toy_reset, step=toy_step,
                     step_api="gan_toy_step")
            collapse.click(collapse_prone, None, [t[n] for n in gan_toy.COLLAPSE_PRONE], api_name=False)
    link_bar.wire({"gan.snap": c, "gan.toy": t}, picks={"family": family}, views=(views, {"series": "snapshots"}))
