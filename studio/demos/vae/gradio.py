"""Gradio: the VAE latent-manifold tab."""

from __future__ import annotations

import gradio as gr

from studio.demos.vae import walk as vw
from studio.demos.vae.texts import ALL
from studio.ui.gradio_ui import (LinkBar, button_beside, caption_line, folded_uploads, follows, friendly, picture,
                                readable, settings_components, settings_from, settings_handler, with_gifs)

# Each handler takes its settings' widget values in their order (tests and gradio_client call them too).
grid = settings_handler(vw.GridSettings, vw.grid_image)
# A sheet's caption is page text under it (caption_line), returned beside the picture; an animation as a GIF file.
sample = settings_handler(vw.SampleSettings, vw.captioned_samples)
reconstruct = settings_handler(vw.ReconstructionSettings, vw.captioned_reconstructions)
walk = settings_handler(vw.WalkSettings, with_gifs(vw.walk_view, "vae-walk", duration_ms=80))
interpolate = settings_handler(vw.InterpolationSettings,   # two test digits, or the uploads after the settings
                               with_gifs(vw.interpolation_view, "vae-interpolation", duration_ms=100), uploads=True)


def decode(z1, z2, span):
    """The decoded point, and the encoded test digits' scatter with it marked (None without MNIST)."""
    s = settings_from(vw.PointSettings, ["z1", "z2"], (z1, z2))
    g = settings_from(vw.GridSettings, ["span"], (span,))
    return vw.decode_point(s), readable(vw.scatter_or_why(g.span, (s.z1, s.z2))[0])


def _small(label: str, value=None) -> gr.Image:
    """A picture as large as a decoded digit: the decoded point, an animation beside its strip."""
    return gr.Image(value=value, label=label, type="filepath", height=224, elem_classes=["studio-pic", "studio-small"])


def _interpolation_outputs() -> list:
    strip_img = picture("Path between the two codes", show_label=False, elem_classes=["studio-small"])
    strip_caption = caption_line()
    return [strip_img, _small("Animation"), strip_caption]


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("vae")
    with gr.Tabs() as views:
        with gr.Tab(vw.TABS["grid"], id="grid"):
            # Projector layout: the grid first and as tall as the screen allows, its controls and the
            # decoded point in the column beside it; the scatter under the grid, the walk below.
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=400):
                    grid_img = picture("Manifold grid", value=vw.grid_image(vw.GridSettings()), show_label=False)
                    figure, missing = vw.scatter_or_why(vw.GridSettings().span, (0.0, 0.0))
                    plot = gr.Plot(label="Encoded test digits", value=readable(figure), visible=figure is not None,
                                   show_label=False)
                    if missing:
                        gr.Markdown(f"⚠️ The scatter of encoded test digits needs them: {missing}")
                with gr.Column(scale=2, min_width=320):
                    g = settings_components(vw.GridSettings)
                    p = settings_components(vw.PointSettings)
                    point_img = _small("Decoded digit", vw.decode_point(vw.PointSettings()))
            first_gif, first_strip, first_caption = walk(*(ctl.default for _, ctl in vw.WalkSettings.controls()))
            # the walk: its button and path beside the GIF and the strip
            w = button_beside("Play the path", vw.WalkSettings, walk, lambda: [
                _small("Walk (GIF)", first_gif),
                picture("Walk frames", value=first_strip, show_label=False, elem_classes=["studio-small"]),
                caption_line(first_caption)], "vae_walk")
            # the decoded point follows its sliders, and the range after the grid (one queued event per change)
            point = [p["z1"], p["z2"], g["span"]]
            follows(grid, list(g.values()), grid_img, "vae_grid").then(friendly(decode), point, [point_img, plot],
                                                                       api_name=False)
            follows(decode, point, [point_img, plot], "vae_decode", triggers=point[:2])
        # Each button above its controls, the result beside them: pressing it does not scroll the page.
        with gr.Tab(vw.TABS["interp"], id="interp"):
            i = button_beside("Interpolate", vw.InterpolationSettings, interpolate, _interpolation_outputs,
                              "vae_interpolate", extra=lambda: folded_uploads(
                                  "…or use your own digits (photo or drawing)", ["First digit", "Second digit"]))
        with gr.Tab(vw.TABS["samples"], id="samples"):
            sm = button_beside("Sample", vw.SampleSettings, sample, lambda: [
                picture("Samples from the prior", show_label=False), caption_line()], "vae_samples")
            r = button_beside("Reconstruct", vw.ReconstructionSettings, reconstruct, lambda: [
                picture("Test digits", elem_classes=["studio-small"]),
                picture("Reconstructions", elem_classes=["studio-small"]), caption_line()], "vae_reconstruct")
    with gr.Accordion("How a variational autoencoder works", open=False):   # below the results
        gr.Markdown(ALL)
    sections = {"vae.grid": g, "vae.point": p, "vae.walk": w, "vae.interp": i, "vae.samples": sm, "vae.recon": r}
    link_bar.wire(sections, views=(views, {"walk": "grid"}))
