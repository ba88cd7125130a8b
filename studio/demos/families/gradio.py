"""Gradio: the model-families tab (samples side by side, PixelCNN live and completion,
reconstructions, the measured table)."""

from __future__ import annotations

import gradio as gr

from studio.demos.families import measure as fam
from studio.demos.families import page
from studio.demos.families.texts import COMPLETION, EXPLAINERS, LIVE, RECONSTRUCTION, TABLE
from studio.ui.gradio_ui import (HEAVY, LinkBar, explainers, export_button, follows, friendly, outcome_files,
                                 result_outputs, result_values, run_handler, run_stop, settings_beside,
                                 settings_components, settings_handler, upload, uploaded)

SAMPLE_FIELDS = [n for n, _ in fam.SampleSettings.controls()]   # the widget values the handlers take, in order
COMPLETE_FIELDS = [n for n, _ in fam.CompletionSettings.controls()]   # (after the upload)

# the sheets without their baked caption bands: on the page the caption once, under each (the downloads keep it)
samples = settings_handler(fam.SampleSettings, lambda s: result_values(page.samples(s)), notices=True)
reconstructions = settings_handler(fam.ReconSettings, lambda s: result_values(page.recon(s), files=False))
recon_export = settings_handler(fam.ReconSettings, lambda s: outcome_files(page.recon(s)))
# each frame as it comes (Stop cancels), then the downloads with a GIF of the run
live = run_handler(fam.LiveSettings, fam.live_sampling, page.run_result("live"))
complete = run_handler(fam.CompletionSettings, lambda s, photo: fam.completion(s, page.digit(uploaded(photo))),
                       page.run_result("complete"), before=["photo"])


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("families")

    gr.Markdown("### Samples from each family", elem_id="families-samples")   # the family-samples preset's target
    # controls beside the sheet: on a 1280×720 projector the samples are on screen after Draw
    c, controls, main = settings_beside(fam.SampleSettings, min_width=240)
    with controls:
        draw = gr.Button("Draw samples", variant="primary", elem_id="families-samples-draw")   # a preset's target
    with main:
        # no label chip: it would cover the sheet's top row
        sheet = result_outputs("Samples", show_label=False, elem_id="families-samples-sheet", files_height=120)
    # the explanations under the first result, folded: the samples stay on a 1280×720 screen
    explainers(EXPLAINERS, open=False)
    draw.click(friendly(samples), list(c.values()), sheet, api_name="families_samples", **HEAVY)

    gr.Markdown("### PixelCNN, pixel by pixel\n" + LIVE)
    lc = settings_components(fam.LiveSettings)
    run_stop("Sample", live, list(lc.values()), lambda: result_outputs(
        "PixelCNN samples, as they are drawn", "Downloads (PNG, captioned PNG, GIF of the run)"), "families_live")

    gr.Markdown("### PixelCNN completion\n" + COMPLETION)
    cc, _, right = settings_beside(fam.CompletionSettings, widths=(3, 1))
    with right:
        photo = upload("Or your own digit (photo or drawing)")
    # Complete: the pixelcnn-completion preset's target (links.anchor)
    run_stop("Complete", complete, [photo, *cc.values()], lambda: result_outputs(
        "Completions", elem_id="families-complete-result"), "families_complete", elem_id="families-complete-run")

    gr.Markdown("### Reconstructions: VAE vs VAE-GAN (same networks, two losses)\n" + RECONSTRUCTION)
    rc = settings_components(fam.ReconSettings)
    first = reconstructions(*(ctl.default for _, ctl in fam.ReconSettings.controls()))
    # no label chip: it would cover the rows' names and figures in the sheet's first column
    shown = [gr.Image(first[0], label="Test images, VAE, VAE-GAN (same networks, two losses)", show_label=False,
                      elem_id="families-recon-sheet"), gr.Markdown(first[1])]
    follows(reconstructions, list(rc.values()), shown, api_name=False)
    export_button("PNG and slide of the reconstructions", recon_export, list(rc.values()))

    gr.Markdown("### Measured, side by side")
    measure_btn = gr.Button("Measure all four (about two minutes, once per server)", variant="primary")
    table = gr.Markdown(fam.table_markdown() if fam.measured() else "")
    gr.Markdown(fam.TABLE_SOURCE)
    gr.Markdown(TABLE)
    measure_btn.click(friendly(fam.table_markdown), None, table, api_name="families_table", **HEAVY)
    link_bar.wire({"families.samples": c, "families.live": lc, "families.complete": cc, "families.recon": rc})
