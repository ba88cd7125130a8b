"""Gradio: the VAE latent-manifold tab."""

from __future__ import annotations

import tempfile

import gradio as gr

from studio import vae
from studio.digits import load_digit
from studio.images import gif_bytes
from studio.ui.gradio_ui import friendly, settings_components, settings_from
from studio.ui.vae_explain import ALL


def _gif_file(frames) -> str:
    with tempfile.NamedTemporaryFile(suffix=".gif", delete=False) as fh:
        fh.write(gif_bytes(frames, duration_ms=100))
    return fh.name


def grid(grid_size, span):
    s = settings_from(vae.GridSettings, ["grid_size", "span"], (grid_size, span))
    return vae.grid_image(s)


def decode(z1, z2, span):
    s = settings_from(vae.PointSettings, ["z1", "z2"], (z1, z2))
    return vae.decode_point(s), vae.latent_scatter(span=float(span), point=(s.z1, s.z2))


def walk(*values):
    s = settings_from(vae.WalkSettings, [n for n, _ in vae.WalkSettings.controls()], values)
    frames = vae.walk_frames(s)
    return _gif_file(frames), vae.strip_of(frames, s.caption())


def interpolate(model, digit_a, digit_b, steps, spherical, upload_a=None, upload_b=None):
    s = settings_from(vae.InterpolationSettings, ["model", "digit_a", "digit_b", "steps", "spherical"],
                      (model, digit_a, digit_b, steps, spherical))
    a = load_digit(upload_a).tensor if upload_a else None
    b = load_digit(upload_b).tensor if upload_b else None
    path = vae.interpolation(s, a, b)
    frames = [vae.upscale(t) for t in path]
    return vae.strip(path, s.caption()), _gif_file(frames + frames[::-1])


def sample(model, temperature, count, seed):
    s = settings_from(vae.SampleSettings, ["model", "temperature", "count", "seed"], (model, temperature, count, seed))
    return vae.sheet(vae.samples(s), s.caption())


def reconstruct(model, indices):
    originals, recons = vae.reconstructions(model, vae.parse_indices(indices))
    return vae.sheet(originals, "test digits"), vae.sheet(recons, f"decoded from their codes ({model})")


def build_tab() -> None:
    with gr.Accordion("How a variational autoencoder works", open=False):
        gr.Markdown(ALL)
    with gr.Tab("Manifold and walk"):
        with gr.Row():
            with gr.Column():
                g = settings_components(vae.GridSettings)
                grid_img = gr.Image(label="Manifold grid", value=vae.grid_image(vae.GridSettings()), format="png")
            with gr.Column():
                p = settings_components(vae.PointSettings)
                point_img = gr.Image(label="Decoded digit", value=vae.decode_point(vae.PointSettings()), height=224)
                scatter = gr.Plot(label="Encoded test digits", value=vae.latent_scatter(span=2.5, point=(0, 0)))
        with gr.Row():
            w = settings_components(vae.WalkSettings)
        walk_btn = gr.Button("Play the path", variant="primary")
        first_gif, first_strip = walk(*(ctl.default for _, ctl in vae.WalkSettings.controls()))
        with gr.Row():
            walk_gif = gr.Image(value=first_gif, label="Walk (GIF)", type="filepath", height=224)
            walk_strip = gr.Image(value=first_strip, label="Walk frames")
        grid_inputs = [g["grid_size"], g["span"]]
        for n, c in enumerate(grid_inputs):
            c.change(friendly(grid), grid_inputs, grid_img, api_name="vae_grid" if n == 0 else False)
        point_inputs = [p["z1"], p["z2"], g["span"]]
        for n, c in enumerate(point_inputs):
            c.change(friendly(decode), point_inputs, [point_img, scatter], api_name="vae_decode" if n == 0 else False)
        walk_btn.click(friendly(walk), list(w.values()), [walk_gif, walk_strip], api_name="vae_walk")
    with gr.Tab("Interpolation"):
        with gr.Row():
            with gr.Column():
                i = settings_components(vae.InterpolationSettings)
                with gr.Accordion("…or use your own digits (photo or drawing)", open=False):
                    up_a = gr.Image(label="First digit", type="filepath", sources=["upload", "clipboard"])
                    up_b = gr.Image(label="Second digit", type="filepath", sources=["upload", "clipboard"])
                go = gr.Button("Interpolate", variant="primary")
            with gr.Column(scale=2):
                strip_img = gr.Image(label="Path between the two codes")
                interp_gif = gr.Image(label="Animation", type="filepath", height=224)
        go.click(friendly(interpolate), [*i.values(), up_a, up_b], [strip_img, interp_gif], api_name="vae_interpolate")
    with gr.Tab("Samples and reconstructions"):
        with gr.Row():
            with gr.Column():
                sm = settings_components(vae.SampleSettings)
                sample_btn = gr.Button("Sample", variant="primary")
                sample_img = gr.Image(label="Samples from the prior")
            with gr.Column():
                model = gr.Dropdown([(v, k) for k, v in vae.MODELS.items()], value="vae-latent16", label="Model")
                idx = gr.Textbox("0, 1, 2, 3, 4, 5, 6, 7", label="Test digit indices")
                recon_btn = gr.Button("Reconstruct", variant="primary")
                orig_img, recon_img = gr.Image(label="Test digits"), gr.Image(label="Reconstructions")
        sample_btn.click(friendly(sample), list(sm.values()), sample_img, api_name="vae_samples")
        recon_btn.click(friendly(reconstruct), [model, idx], [orig_img, recon_img], api_name="vae_reconstruct")
