"""Gradio: the GAN tab (epoch snapshots, and a live 2-D GAN)."""

from __future__ import annotations

import gradio as gr

from studio import live
from studio.demos.gan import snapshots as snaps
from studio.demos.gan import toy as gan_toy
from studio.demos.gan.texts import MODE_COLLAPSE, TOY, WHY_DCGAN, WHY_DENSE
from studio.ui.gradio_ui import (LinkBar, caption_line, friendly, gif_file, picture, readable, run_buttons,
                                 settings_components, settings_from, start_stop)

SNAP_FIELDS = ["epoch", "seed", "use_fixed"]   # SnapshotSettings' fields (its epochs come from the manifest, at first use)
TOY_FIELDS = [n for n, _ in gan_toy.ToyGanSettings.controls()]


def snapshots(epoch, seed, use_fixed):
    """Both families at an epoch: two sample sheets, the histograms and the coverage chart."""
    s = settings_from(snaps.SnapshotSettings, SNAP_FIELDS, (epoch, seed, use_fixed))
    z = snaps.latents(s)
    (dense, dense_sheet, _), (dcgan, dcgan_sheet, _) = (snaps.sheet(f, s, z) for f in snaps.FAMILIES)
    return (dense_sheet, dcgan_sheet, readable(snaps.histogram_figure([dense, dcgan])),
            readable(snaps.coverage_figure(s.epoch)))


def _heading(entry: dict) -> str:
    """A sheet's heading and verdicts (collapsed, not digits yet): Streamlit's words (snaps.heading, verdicts)."""
    parts = [f"### {snaps.heading(entry)}"]
    parts += [f'<div class="studio-verdict studio-{kind}">\n\n{text}\n\n</div>' for kind, text in snaps.verdicts(entry)]
    return "\n\n".join(parts)


def headings(epoch):
    """Both families' sheet headings at an epoch."""
    s = settings_from(snaps.SnapshotSettings, ["epoch"], (epoch,))
    return tuple(_heading(snaps.at_epoch(family, s.epoch)) for family in snaps.FAMILIES)


def captions(epoch, seed, use_fixed):
    """Both sheets' captions (family, epoch, classes, entropy, the latents), the text under each."""
    s = settings_from(snaps.SnapshotSettings, SNAP_FIELDS, (epoch, seed, use_fixed))
    return tuple(snaps.caption(snaps.at_epoch(family, s.epoch), s) for family in snaps.FAMILIES)


def series(family, epoch, seed):
    s = settings_from(snaps.SnapshotSettings, ["epoch", "seed"], (epoch, seed))
    entry = snaps.at_epoch(family, s.epoch)
    return snaps.interpolation(entry["name"], s.seed), snaps.series_sheet(family), \
        gif_file(snaps.series_frames(family), f"gan-{family}-series", duration_ms=snaps.SERIES_FRAME_MS), \
        snaps.series_caption(family)


def _toy(state, values) -> gan_toy.ToyGan:
    """The GAN trained so far while the settings stay the same, else a new one."""
    s = settings_from(gan_toy.ToyGanSettings, TOY_FIELDS, values)
    return live.kept(state, s, lambda: gan_toy.ToyGan(s))


def _stream(gan, first: bool):
    return live.streamed(gan, gan_toy.REFRESH_S, lambda g: (gan_toy.figure(g),), first)


def toy_start(state, *values):
    """Train to the budget, yielding the live view a few times a second (Stop cancels); a hosted
    studio's time limit for one job stops it too (Start again continues)."""
    yield from _stream(_toy(state, values), first=False)


def toy_step(state, *values):
    gan = _toy(state, values)
    gan.train(100)
    return next(_stream(gan, first=True))


def toy_reset(*values):
    return next(_stream(_toy(None, values), first=True))


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
                        with gr.Column(min_width=240):
                            dense_head = gr.Markdown(heads[0], elem_classes=["studio-sheet-head"])
                            dense = picture(snaps.FAMILIES["dense"], value=first[0], show_label=False)
                            dense_caption = caption_line(texts[0])
                        with gr.Column(min_width=240):
                            dcgan_head = gr.Markdown(heads[1], elem_classes=["studio-sheet-head"])
                            dcgan = picture(snaps.FAMILIES["dcgan"], value=first[1], show_label=False)
                            dcgan_caption = caption_line(texts[1])
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
                comp.change(friendly(captions), inputs, [dense_caption, dcgan_caption], api_visibility="private")
            c["epoch"].change(friendly(headings), c["epoch"], [dense_head, dcgan_head], api_visibility="private")
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
            state = gr.State(None)
            with gr.Row():
                with gr.Column(scale=1):
                    t = settings_components(gan_toy.ToyGanSettings)
                    collapse = gr.Button("Load the collapse-prone setting")
                with gr.Column(scale=3):
                    start, stop, step, reset = run_buttons("Start", "Stop", "Step (100)", "Reset")
                    status = gr.Markdown()
                    view = gr.Plot(label="Real vs generated, decision surface, losses")
            gr.Markdown(TOY, elem_classes=["studio-help"])
            toy_inputs = [t[n] for n in TOY_FIELDS]
            start_stop(start, stop, toy_start, [state, *toy_inputs], [state, view, status], "gan_toy_train")
            step.click(friendly(toy_step), [state, *toy_inputs], [state, view, status], api_name="gan_toy_step")
            reset.click(friendly(toy_reset), toy_inputs, [state, view, status], api_name=False)
            collapse.click(collapse_prone, None, [t[n] for n in gan_toy.COLLAPSE_PRONE], api_name=False)
    link_bar.wire({**{("gan.snap", n): x for n, x in c.items()}, **{("gan.toy", n): x for n, x in t.items()}},
                  picks={"family": family}, views=(views, {"series": "snapshots"}))
