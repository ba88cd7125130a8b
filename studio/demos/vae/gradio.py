"""Gradio: the VAE latent-manifold tab."""

from __future__ import annotations

import gradio as gr

from studio.demos.vae import walk as vw
from studio.errors import StudioError
from studio.demos.vae.texts import ALL
from studio.ui.gradio_ui import (LinkBar, caption_line, friendly, gif_file, picture, readable, settings_components,
                                settings_from, settings_handler, upload, uploaded)

# Each handler takes its settings' widget values in their order (tests and gradio_client call them too).
grid = settings_handler(vw.GridSettings, vw.grid_image)


# A sheet's caption is page text under it (caption_line), returned beside the picture.
def _sample(s: vw.SampleSettings):
    return vw.sample_sheet(s), s.caption()


def _reconstruct(s: vw.ReconstructionSettings):
    return *vw.reconstruction_sheets(s), vw.reconstruction_caption(s)


sample = settings_handler(vw.SampleSettings, _sample)
reconstruct = settings_handler(vw.ReconstructionSettings, _reconstruct)


def scatter(span: float, point: tuple[float, float]):
    """(the encoded test digits' scatter, None), or (None, why) without MNIST: the rest still works."""
    try:
        return readable(vw.latent_scatter(span=span, point=point)), None
    except StudioError as exc:
        return None, str(exc)


def decode(z1, z2, span):
    s = settings_from(vw.PointSettings, ["z1", "z2"], (z1, z2))
    g = settings_from(vw.GridSettings, ["span"], (span,))
    return vw.decode_point(s), scatter(g.span, (s.z1, s.z2))[0]


def _walk(s: vw.WalkSettings):
    frames, strip = vw.walk(s)
    return gif_file(frames, "vae-walk", duration_ms=80), strip, vw.walk_caption(s)


walk = settings_handler(vw.WalkSettings, _walk)


def interpolate(model, digit_a, digit_b, steps, spherical, upload_a=None, upload_b=None):
    s = settings_from(vw.InterpolationSettings, [n for n, _ in vw.InterpolationSettings.controls()],
                      (model, digit_a, digit_b, steps, spherical))
    path = vw.interpolate_uploads(s, uploaded(upload_a), uploaded(upload_b))
    return path.strip, gif_file(path.there_and_back, "vae-interpolation", duration_ms=100), path.caption


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("vae")
    with gr.Tabs() as views:
        with gr.Tab("Manifold and walk", id="grid"):
            # Projector layout: the grid first and as tall as the screen allows, its controls and the
            # decoded point in the column beside it; the scatter under the grid, the walk below.
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=400):
                    grid_img = picture("Manifold grid", value=vw.grid_image(vw.GridSettings()), show_label=False)
                    figure, missing = scatter(vw.GridSettings().span, (0.0, 0.0))
                    plot = gr.Plot(label="Encoded test digits", value=figure, visible=figure is not None,
                                   show_label=False)
                    if missing:
                        gr.Markdown(f"⚠️ The scatter of encoded test digits needs them: {missing}")
                with gr.Column(scale=2, min_width=320):
                    g = settings_components(vw.GridSettings)
                    p = settings_components(vw.PointSettings)
                    point_img = gr.Image(label="Decoded digit", value=vw.decode_point(vw.PointSettings()), height=224,
                                         elem_classes=["studio-pic", "studio-small"])
            first_gif, first_strip, first_caption = walk(*(ctl.default for _, ctl in vw.WalkSettings.controls()))
            with gr.Row(equal_height=False):   # the walk: its button and path beside the GIF and the strip
                with gr.Column(min_width=300):
                    walk_btn = gr.Button("Play the path", variant="primary")
                    w = settings_components(vw.WalkSettings)
                with gr.Column(scale=2):
                    walk_gif = gr.Image(value=first_gif, label="Walk (GIF)", type="filepath", height=224,
                                        elem_classes=["studio-pic", "studio-small"])
                    walk_strip = picture("Walk frames", value=first_strip, show_label=False, elem_classes=["studio-small"])
                    walk_caption = caption_line(first_caption)
            grid_inputs = [g["grid_size"], g["span"]]
            for n, c in enumerate(grid_inputs):
                c.change(friendly(grid), grid_inputs, grid_img, api_name="vae_grid" if n == 0 else False)
            point_inputs = [p["z1"], p["z2"], g["span"]]
            for n, c in enumerate(point_inputs):
                c.change(friendly(decode), point_inputs, [point_img, plot], api_name="vae_decode" if n == 0 else False)
            walk_btn.click(friendly(walk), list(w.values()), [walk_gif, walk_strip, walk_caption], api_name="vae_walk")
        # Each button above its controls, the result beside them: pressing it does not scroll the page.
        with gr.Tab("Interpolation", id="interp"):
            with gr.Row(equal_height=False):
                with gr.Column(min_width=300):
                    go = gr.Button("Interpolate", variant="primary")
                    i = settings_components(vw.InterpolationSettings)
                    with gr.Accordion("…or use your own digits (photo or drawing)", open=False):
                        up_a = upload("First digit")
                        up_b = upload("Second digit")
                with gr.Column(scale=2):
                    strip_img = picture("Path between the two codes", show_label=False, elem_classes=["studio-small"])
                    strip_caption = caption_line()
                    interp_gif = gr.Image(label="Animation", type="filepath", height=224,
                                          elem_classes=["studio-pic", "studio-small"])
            go.click(friendly(interpolate), [*i.values(), up_a, up_b], [strip_img, interp_gif, strip_caption],
                     api_name="vae_interpolate")
        with gr.Tab("Samples and reconstructions", id="samples"):
            with gr.Row(equal_height=False):
                with gr.Column(min_width=300):
                    sample_btn = gr.Button("Sample", variant="primary")
                    sm = settings_components(vw.SampleSettings)
                with gr.Column(scale=2):
                    sample_img = picture("Samples from the prior", show_label=False)
                    sample_caption = caption_line()
            with gr.Row(equal_height=False):
                with gr.Column(min_width=300):
                    recon_btn = gr.Button("Reconstruct", variant="primary")
                    r = settings_components(vw.ReconstructionSettings)
                with gr.Column(scale=2):
                    orig_img = picture("Test digits", elem_classes=["studio-small"])
                    recon_img = picture("Reconstructions", elem_classes=["studio-small"])
                    recon_caption = caption_line()
            sample_btn.click(friendly(sample), list(sm.values()), [sample_img, sample_caption], api_name="vae_samples")
            recon_btn.click(friendly(reconstruct), list(r.values()), [orig_img, recon_img, recon_caption],
                    api_name="vae_reconstruct")
    with gr.Accordion("How a variational autoencoder works", open=False):   # below the results
        gr.Markdown(ALL)
    sections = {"vae.grid": g, "vae.point": p, "vae.walk": w, "vae.interp": i, "vae.samples": sm, "vae.recon": r}
    link_bar.wire({(section, n): c for section, comps in sections.items() for n, c in comps.items()},
                  views=(views, {"walk": "grid"}))
