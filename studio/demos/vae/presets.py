"""The presets of the VAE latent walk: data both front ends offer in a menu and as ?preset=NAME."""

from studio.presets import Preset

# The page's settings classes by section: module.Class in this folder.
SECTIONS = {"vae.grid": "walk.GridSettings", "vae.point": "walk.PointSettings",
            "vae.walk": "walk.WalkSettings", "vae.interp": "walk.InterpolationSettings",
            "vae.samples": "walk.SampleSettings", "vae.recon": "walk.ReconstructionSettings"}
VIEWS = ("grid", "walk", "interp", "samples")   # the first is the page's main result
SECTION_VIEWS = {"vae.point": "grid", "vae.recon": "samples"}   # the views that show them
PRESETS = (
    Preset("vae", "manifold-2d", "The 2-D manifold of a VAE",
           "Decode a 20 × 20 grid of the latent plane: every digit has its region and they blend smoothly.",
           {"vae.grid": {"grid_size": 20, "span": 3.0}}, view="grid"),
    Preset("vae", "walk", "A walk through the latent plane",
           "A straight path from one region to another: each step decodes to a plausible digit.",
           {"vae.walk": {"z1_start": -2.0, "z2_start": -2.0, "z1_end": 2.0, "z2_end": 2.0, "frames": 12}},
           view="walk"),
    Preset("vae", "slerp", "Interpolating two digits (slerp)",
           "The 16-D VAE between test image #0 (a 7) and #1 (a 2) along a great circle: every in-between is a digit.",
           {"vae.interp": {"model": "vae-latent16", "digit_a": 0, "digit_b": 1, "steps": 10, "spherical": True}},
           view="interp"),
    Preset("vae", "hot-samples", "Samples at temperature 1.5",
           "Draw z from a wider prior: stranger, more varied digits than at temperature 1.",
           {"vae.samples": {"temperature": 1.5, "count": 32}}, view="samples"),
)
