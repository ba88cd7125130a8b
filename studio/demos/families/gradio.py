"""Gradio: the model-families tab (samples side by side, PixelCNN live and completion,
reconstructions, the measured table)."""

from __future__ import annotations

import gradio as gr

from studio.demos.families import measure as fam
from studio.demos.families import page
from studio.demos.families.texts import COMPLETION, EXPLAINERS, LIVE, RECONSTRUCTION, TABLE
from studio.digits import load_digit
from studio.frames import Recording
from studio.images import without_caption
from studio.ui.gradio_ui import (HEAVY, LinkBar, explainers, friendly, notify, outcome_files, run_buttons,
                                 result_outputs, settings_components, settings_from, start_stop, upload, uploaded)

SAMPLE_FIELDS = [n for n, _ in fam.SampleSettings.controls()]
LIVE_FIELDS = [n for n, _ in fam.LiveSettings.controls()]
COMPLETE_FIELDS = [n for n, _ in fam.CompletionSettings.controls()]
RECON_FIELDS = [n for n, _ in fam.ReconSettings.controls()]


def samples(*values):
    s = settings_from(fam.SampleSettings, SAMPLE_FIELDS, values)
    notify(s)
    result = page.result("samples", s, *fam.samples_sheet(s))
    # on the page the caption once, under the sheet (the downloads keep it baked in)
    return without_caption(result.image), result.caption, outcome_files(result)


def _stream(section: str, s, frames):
    """Each frame as it comes (Stop cancels), then the downloads with a GIF of the run."""
    notify(s)
    recording = Recording()
    for frame in recording.keep(frames):
        yield frame.image, frame.caption, None
    result = page.run_result(section, s, recording)
    yield result.image, result.caption, outcome_files(result)


def live(*values):
    s = settings_from(fam.LiveSettings, LIVE_FIELDS, values)
    yield from _stream("live", s, fam.live_sampling(s))


def complete(photo, *values):
    s = settings_from(fam.CompletionSettings, COMPLETE_FIELDS, values)
    mine = uploaded(photo)
    yield from _stream("complete", s, fam.completion(s, load_digit(mine).tensor if mine else None))


def reconstructions(*values):
    """The sheet without its baked caption band, and the caption (shown once, under it)."""
    image, caption = fam.reconstruction_sheet(settings_from(fam.ReconSettings, RECON_FIELDS, values))
    return without_caption(image), caption


def recon_export(*values):
    """PNG, captioned PNG and slide of the reconstructions the settings show."""
    s = settings_from(fam.ReconSettings, RECON_FIELDS, values)
    return outcome_files(page.result("recon", s, *fam.reconstruction_sheet(s)))


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("families")

    gr.Markdown("### Samples from each family", elem_id="families-samples")   # the family-samples preset's target
    # controls beside the sheet: on a 1280×720 projector the samples are on screen after Draw
    with gr.Row():
        with gr.Column(scale=1, min_width=240):
            c = settings_components(fam.SampleSettings)
            draw = gr.Button("Draw samples", variant="primary", elem_id="families-samples-draw")   # a preset's target
        with gr.Column(scale=3):
            # no label chip: it would cover the sheet's top row
            sheet = result_outputs("Samples", show_label=False, elem_id="families-samples-sheet", files_height=120)
    # the explanations under the first result, folded: the samples stay on a 1280×720 screen
    explainers(EXPLAINERS, open=False)
    draw.click(friendly(samples), list(c.values()), sheet, api_name="families_samples", **HEAVY)

    gr.Markdown("### PixelCNN, pixel by pixel\n" + LIVE)
    lc = settings_components(fam.LiveSettings)
    go, stop = run_buttons("Sample", "Stop")
    start_stop(go, stop, live, list(lc.values()),
               result_outputs("PixelCNN samples, as they are drawn", "Downloads (PNG, captioned PNG, GIF of the run)"),
               "families_live")

    gr.Markdown("### PixelCNN completion\n" + COMPLETION)
    with gr.Row():
        with gr.Column(scale=3):
            cc = settings_components(fam.CompletionSettings)
        with gr.Column(scale=1):
            photo = upload("Or your own digit (photo or drawing)")
    go_c, stop_c = run_buttons("Complete", "Stop")
    go_c.elem_id = "families-complete-run"   # the pixelcnn-completion preset's target (links.anchor)
    start_stop(go_c, stop_c, complete, [photo, *cc.values()],
               result_outputs("Completions", elem_id="families-complete-result"), "families_complete")

    gr.Markdown("### Reconstructions: VAE vs VAE-GAN (same networks, two losses)\n" + RECONSTRUCTION)
    rc = settings_components(fam.ReconSettings)
    first = reconstructions(*(ctl.default for _, ctl in fam.ReconSettings.controls()))
    # no label chip: it would cover the rows' names and figures in the sheet's first column
    recon_image = gr.Image(first[0], label="Test images, VAE, VAE-GAN (same networks, two losses)", show_label=False,
                           elem_id="families-recon-sheet")
    recon_caption = gr.Markdown(first[1])
    gr.on([comp.change for comp in rc.values()], friendly(reconstructions), list(rc.values()),
          [recon_image, recon_caption], api_name=False, trigger_mode="always_last")
    recon_save = gr.Button("PNG and slide of the reconstructions")
    recon_files = gr.File(label="Downloads", file_count="multiple", height=120)
    recon_save.click(friendly(recon_export), list(rc.values()), recon_files, api_name=False)

    gr.Markdown("### Measured, side by side")
    measure_btn = gr.Button("Measure all four (about two minutes, once per server)", variant="primary")
    table = gr.Markdown(fam.table_markdown() if fam.table.cache_info().currsize else "")
    gr.Markdown(fam.TABLE_SOURCE)
    gr.Markdown(TABLE)
    measure_btn.click(friendly(fam.table_markdown), None, table, api_name="families_table", **HEAVY)
    sections = {"families.samples": c, "families.live": lc, "families.complete": cc, "families.recon": rc}
    link_bar.wire({(section, n): x for section, comps in sections.items() for n, x in comps.items()})
