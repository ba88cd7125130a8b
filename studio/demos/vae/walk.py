"""The VAE latent-walk page: what it computes, from the 2-D and 16-D VAEs in the zoo.

The manifold grid, a live decode of one point, walks and interpolations between codes,
samples from the prior and reconstructions, each with a settings class that both front ends
render. The models themselves are in studio/vae.py (what training imports).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from PIL import Image, ImageDraw

from studio import links, zoo
from studio.controls import Settings, control, seed_control
from studio.digits import load_digit
from studio.errors import StudioError
from studio.frames import Outcome
from studio.images import contact_sheet, font, to_pil
from studio.mnist import load_mnist, parse_test_indices
from studio.models.vae import VAE, interpolate, manifold_grid
from studio.caches import cached

def state(section: str, settings: Settings) -> dict:
    """What a PNG of one part of the page carries: the page, the tab that shows it and its settings
    ('grid', 'walk', 'interp', 'samples'; dropped on the page, it reopens that tab with them)."""
    return links.state("vae", {f"vae.{section}": settings})


# the page's tabs (view -> label); the walk is shown on the manifold's tab
TABS = {"grid": "Manifold and walk", "walk": "Manifold and walk", "interp": "Interpolation",
        "samples": "Samples and reconstructions"}


LATENT_RANGE = 4.0   # the z sliders' ±range: the prior puts almost nothing beyond it

MODELS = {"vae-latent2": "2-D latent (the manifold you can draw)",
          "vae-latent16": "16-D latent (sharper digits)"}


@cached(maxsize=4)
def load_vae(name: str = "vae-latent2") -> VAE:
    """A shipped VAE on the CPU (tiny MLPs: a single decode is faster there than on a GPU)."""
    return zoo.load_model(name, device="cpu")


@cached(maxsize=4)
def encoded_test_set(name: str = "vae-latent2", count: int = 2000):
    """(latent means (count, d), labels, images) for the first `count` MNIST test digits."""
    images, labels = load_mnist(train=False)
    with torch.inference_mode():
        mu, _ = load_vae(name).encode(images[:count])
    return mu, labels[:count], images[:count]


@dataclass(frozen=True)
class GridSettings(Settings):
    title = "VAE manifold"
    grid_size: int = control("Grid size", 15, min=3, max=30,
                             help="Digits per side. Each cell decodes one point (z1, z2) of the latent plane.")
    span: float = control("Range (±)", 2.5, min=0.5, max=5.0, step=0.1,
                          help="The grid covers −range…+range on both axes. The prior N(0, I) puts 95% of its "
                               "mass within ±2; outside, the decoder has seen few codes and digits blur.")


@dataclass(frozen=True)
class PointSettings(Settings):
    title = "VAE decode"
    z1: float = control("z₁", 0.0, min=-LATENT_RANGE, max=LATENT_RANGE, step=0.05, help="First latent coordinate.")
    z2: float = control("z₂", 0.0, min=-LATENT_RANGE, max=LATENT_RANGE, step=0.05, help="Second latent coordinate.")


@dataclass(frozen=True)
class WalkSettings(Settings):
    title = "VAE walk"
    z1_start: float = control("Start z₁", -2.0, min=-LATENT_RANGE, max=LATENT_RANGE, step=0.1)
    z2_start: float = control("Start z₂", -2.0, min=-LATENT_RANGE, max=LATENT_RANGE, step=0.1)
    z1_end: float = control("End z₁", 1.5, min=-LATENT_RANGE, max=LATENT_RANGE, step=0.1)
    z2_end: float = control("End z₂", 2.0, min=-LATENT_RANGE, max=LATENT_RANGE, step=0.1)
    frames: int = control("Frames", 24, min=2, max=120, help="Points decoded along the straight path.")


@dataclass(frozen=True)
class InterpolationSettings(Settings):
    title = "VAE interpolation"
    model: str = control("Model", "vae-latent16", choices=tuple(MODELS), choice_labels=tuple(MODELS.values()),
                         help="The 16-D VAE makes sharper in-between digits; the 2-D one shows the plane.")
    digit_a: int = control("First test image (#)", 3, min=0, max=9999, number_box=True,
                           help="Index into the 10,000 MNIST test images (not the digit: #0 is a 7, #1 a 2).")
    digit_b: int = control("Second test image (#)", 2, min=0, max=9999, number_box=True,
                           help="Index into the 10,000 MNIST test images.")
    steps: int = control("Steps", 10, min=2, max=30, help="Images along the path, both ends included.")
    spherical: bool = control("Spherical path (slerp)", False,
                              help="Follow a great circle instead of a straight line. In high dimensions a "
                                   "straight line passes near the origin, through codes the prior rarely "
                                   "draws; slerp keeps the norm typical of real codes.")

    def caption(self, first: str | None = None, second: str | None = None) -> str:
        """The settings; an uploaded end is named by its file and content hash, not by the test
        digit it replaced."""
        text = super().caption()
        if first:
            text = text.replace(f"digit_a={self.digit_a}", f"first={first}")
        if second:
            text = text.replace(f"digit_b={self.digit_b}", f"second={second}")
        return text


@dataclass(frozen=True)
class SampleSettings(Settings):
    title = "VAE samples"
    model: str = control("Model", "vae-latent16", choices=tuple(MODELS), choice_labels=tuple(MODELS.values()))
    temperature: float = control("Temperature", 1.0, min=0.0, max=2.0, step=0.05,
                                 help="Scales the prior's spread: z = temperature × ε, ε ~ N(0, I). Low: "
                                      "typical, blurry-average digits; high: varied and stranger ones.")
    count: int = control("Samples", 32, min=1, max=64)
    seed: int = seed_control()


@dataclass(frozen=True)
class ReconstructionSettings(Settings):
    title = "VAE reconstructions"
    model: str = control("Model", "vae-latent16", choices=tuple(MODELS), choice_labels=tuple(MODELS.values()),
                         help="Each digit is encoded to its latent mean and decoded again: the 16-D code keeps "
                              "more detail than the 2-D one.")
    indices: str = control("Test image indices (#)", "0, 1, 2, 3, 4, 5, 6, 7",
                           help="Comma-separated indices into the 10,000 MNIST test images (at most 16); each "
                                "picture is labelled with its index and the digit it shows (#7 is a 9).")

    def check(self) -> None:
        parse_test_indices(self.indices)


def upscale(t: torch.Tensor, size: int = 224) -> Image.Image:
    """One 28×28 digit as a crisp, larger picture."""
    return to_pil(t).resize((size, size), Image.NEAREST)


@torch.inference_mode()
def decode_point(s: PointSettings, size: int = 224) -> Image.Image:
    return upscale(load_vae("vae-latent2").decode(torch.tensor([[s.z1, s.z2]]))[0], size)


def grid_image(s: GridSettings, cell: int = 28, scale: int = 2) -> Image.Image:
    """The 2-D VAE's decoder over an n×n grid, with z₁/z₂ axes and ticks (for slides)."""
    tiles = manifold_grid(load_vae("vae-latent2"), n=s.grid_size, span=s.span)
    n = s.grid_size
    side = n * cell
    mosaic = tiles.view(n, n, cell, cell).permute(0, 2, 1, 3).reshape(side, side)
    board = to_pil(mosaic.unsqueeze(0)).resize((side * scale, side * scale), Image.NEAREST)
    # Tick labels in proportion to the board: the page shows it in half a screen's width, and a
    # projector's back row must still read the axes (18 px on an 840 px board showed as 9 px).
    size = max(18, round(board.width / 24))
    margin, fnt = 3 * size + 8, font(size)
    canvas = Image.new("RGB", (board.width + margin + 16, board.height + margin + 16), "white")
    canvas.paste(board, (margin, 8))
    draw = ImageDraw.Draw(canvas)
    px = board.width / n
    every = -(-n // 7)  # about seven ticks per axis
    for i in range(n):
        if i % every:
            continue
        value = -s.span + 2 * s.span * i / (n - 1)
        x = margin + (i + 0.5) * px
        draw.line([(x, 8 + board.height), (x, 14 + board.height)], fill="black")
        draw.text((x, 16 + board.height), f"{value:.1f}", fill="black", font=fnt, anchor="ma")
        y = 8 + (n - 1 - i + 0.5) * px
        draw.line([(margin - 6, y), (margin, y)], fill="black")
        draw.text((margin - 8, y), f"{value:.1f}", fill="black", font=fnt, anchor="rm")
    draw.text((margin + board.width / 2, canvas.height - 2), "z1", fill="black", font=fnt, anchor="md")
    draw.text((4, 8 + board.height / 2 - size), "z2", fill="black", font=fnt, anchor="lm")
    return canvas


@torch.inference_mode()
def walk_frames(s: WalkSettings, size: int = 224) -> list[Image.Image]:
    """Decoded digits along the straight path from start to end (an animation)."""
    start = torch.tensor([s.z1_start, s.z2_start])
    end = torch.tensor([s.z1_end, s.z2_end])
    return [upscale(t, size) for t in interpolate(load_vae("vae-latent2"), start, end, steps=s.frames)]


def slerp(z0: torch.Tensor, z1: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Spherical interpolation; falls back to a straight line for (nearly) parallel codes."""
    a, b = z0.reshape(-1), z1.reshape(-1)
    cos = torch.dot(a, b) / (a.norm() * b.norm()).clamp_min(1e-8)
    omega = torch.arccos(cos.clamp(-1, 1))
    t = t.reshape(-1, 1)
    if omega.abs() < 1e-4:
        return (1 - t) * a + t * b
    return (torch.sin((1 - t) * omega) * a + torch.sin(t * omega) * b) / torch.sin(omega)


@torch.inference_mode()
def interpolation(s: InterpolationSettings, a: torch.Tensor | None = None,
                  b: torch.Tensor | None = None) -> torch.Tensor:
    """Decoded path between two digits' codes (latent means): (steps, 1, 28, 28).

    a and b are (1, 1, 28, 28) digits (uploads, already in MNIST form); by default the
    test digits digit_a and digit_b.
    """
    model = load_vae(s.model)
    if a is None or b is None:
        test, _ = load_mnist(train=False)
        a = test[s.digit_a:s.digit_a + 1] if a is None else a
        b = test[s.digit_b:s.digit_b + 1] if b is None else b
    z0, z1 = model.encode(a)[0][0], model.encode(b)[0][0]
    t = torch.linspace(0, 1, s.steps)
    path = slerp(z0, z1, t) if s.spherical else (1 - t[:, None]) * z0 + t[:, None] * z1
    return model.decode(path)


def strip(images: torch.Tensor, cell: int = 112) -> Image.Image:
    """A row of digits (its caption is page text, and the downloads' band)."""
    return contact_sheet([to_pil(t) for t in images], columns=len(images), cell=cell)


STRIP_MOST = 12   # a walk's strip (for slides) shows at most this many of its frames, evenly spaced


def walk_caption(s: WalkSettings) -> str:
    """The walk's settings, and how many of its frames the strip shows when it cannot show them all."""
    shown = min(s.frames, STRIP_MOST)
    if shown == s.frames:
        return s.caption()
    return f"{s.caption()} · the strip shows {shown} of the {s.frames} frames, evenly spaced (the GIF has all)"


def strip_of(frames: list[Image.Image], most: int = STRIP_MOST) -> Image.Image:
    """Up to `most` evenly spaced frames of an animation as one row."""
    picks = [frames[round(i * (len(frames) - 1) / (most - 1))] for i in range(most)] if len(frames) > most else frames
    return contact_sheet(picks, columns=len(picks), cell=96)


def sheet(images: torch.Tensor, columns: int = 8, labels: list[str] | None = None) -> Image.Image:
    """Digits in rows of `columns` (samples, reconstructions), each with its label if given."""
    return contact_sheet([to_pil(t) for t in images], labels, columns=min(columns, len(images)), cell=84)


@torch.inference_mode()
def samples(s: SampleSettings) -> torch.Tensor:
    """Digits decoded from the prior: z = temperature × ε, seeded."""
    model = load_vae(s.model)
    eps = torch.randn(s.count, model.latent_dim, generator=torch.Generator().manual_seed(s.seed))
    return model.decode(s.temperature * eps)


@torch.inference_mode()
def reconstructions(s: ReconstructionSettings) -> tuple[torch.Tensor, torch.Tensor]:
    """(originals, reconstructions from the latent means) for the chosen test digits."""
    test, _ = load_mnist(train=False)
    x = test[parse_test_indices(s.indices)]
    model = load_vae(s.model)
    return x, model.decode(model.encode(x)[0])


def latent_scatter(name: str = "vae-latent2", span: float | None = None, point: tuple[float, float] | None = None,
                   count: int = 2000):
    """Plotly scatter of test digits' latent means coloured by label, with the grid's extent
    and the decoded point drawn on it: which region holds which digit."""
    import plotly.colors
    import plotly.graph_objects as go

    mu, labels, _ = encoded_test_set(name, count)

    palette = plotly.colors.qualitative.T10  # ten distinct colours, explicit so every front end keeps them
    fig = go.Figure()
    for digit in range(10):
        m = mu[labels == digit]
        fig.add_trace(go.Scattergl(x=m[:, 0].tolist(), y=m[:, 1].tolist(), mode="markers", name=str(digit),
                                   marker={"size": 5, "opacity": 0.8, "color": palette[digit]}))
    if span is not None:
        fig.add_shape(type="rect", x0=-span, x1=span, y0=-span, y1=span, line={"color": "black", "dash": "dash"})
    if point is not None:
        fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers", name="decoded",
                                 marker={"size": 16, "symbol": "x", "color": "black"}))
    fig.update_layout(template="plotly_white", height=460, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend_title_text="digit",
                      xaxis_title="z1", yaxis_title="z2", title=f"{count} test digits, encoded (means)")
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    return fig


# --- what both pages show, made once ------------------------------------------------------------

def clicked_point(x: float, y: float) -> tuple[float, float]:
    """A click on the scatter as a point the z sliders can show (within their range, 2 decimals)."""
    return tuple(round(min(max(v, -LATENT_RANGE), LATENT_RANGE), 2) for v in (x, y))


def walk(s: WalkSettings) -> tuple[list[Image.Image], Image.Image]:
    """The walk's frames (an animation) and a row of them for slides."""
    frames = walk_frames(s)
    return frames, strip_of(frames)   # captioned by walk_caption: page text, and the downloads' band


def digit_steps(upload) -> tuple[list[Image.Image], list[str]]:
    """An uploaded digit on its way to MNIST form: the pictures of its steps and their captions."""
    steps = load_digit(upload).steps
    return [img for _, img in steps], [caption for caption, _ in steps]


def walk_view(s: WalkSettings) -> tuple[list[Image.Image], Image.Image, str]:
    """The walk as the pages show it: its frames (an animation), a row of them and the caption under it."""
    return *walk(s), walk_caption(s)


@dataclass
class Interpolated:
    strip: Image.Image           # the path in a row (the caption is the page's text, not baked in)
    frames: list[Image.Image]    # each step, enlarged
    caption: str
    settings: dict | None = None  # what its PNGs carry (state)

    @property
    def there_and_back(self) -> list[Image.Image]:
        return self.frames + self.frames[::-1]

    @property
    def outcome(self) -> Outcome:
        """Its downloads: the row, captioned (uploads named), carrying its settings, each step in the GIF."""
        return Outcome(self.strip, self.caption, self.settings, self.frames, "vae-interpolation")


def interpolate_uploads(s: InterpolationSettings, a=None, b=None) -> Interpolated:
    """The path between two test digits, or uploaded digits (images.Upload) in their place, named
    in the caption by file and hash."""
    path = interpolation(s, *(load_digit(u).tensor if u else None for u in (a, b)))
    caption = s.caption(a.label if a else None, b.label if b else None)
    return Interpolated(strip(path), [upscale(t) for t in path], caption, state("interp", s))


def interpolation_view(s: InterpolationSettings, a=None, b=None) -> tuple[Image.Image, list[Image.Image], str]:
    """The path as the Gradio tab shows it: a row of its steps, its frames there and back (an animation) and
    the caption under them (interpolate_uploads)."""
    path = interpolate_uploads(s, a, b)
    return path.strip, path.there_and_back, path.caption


def sample_sheet(s: SampleSettings) -> Image.Image:
    return sheet(samples(s))   # captioned by s.caption() under it


def result(section: str, settings: Settings, image: Image.Image, name: str, frames: list[Image.Image] = (),
           duration_ms: int = 120) -> Outcome:
    """A part of the page's picture as its downloads save it: captioned with its settings, carrying them
    (and its frames, for a GIF)."""
    return Outcome(image, settings.caption(), state(section, settings), list(frames), name, duration_ms)


def captioned_samples(s: SampleSettings) -> tuple[Image.Image, str]:
    """The prior's samples and the caption under them (page text, readable from the back row)."""
    return sample_sheet(s), s.caption()


def test_image_names(indices: list[int]) -> list[str]:
    """'#7, a 9': each test image by its index and the digit it shows (index 7 is a 9, not a 7)."""
    _, labels = load_mnist(train=False)
    return [f"#{i}, a {int(labels[i])}" for i in indices]


def reconstruction_sheets(s: ReconstructionSettings) -> tuple[Image.Image, Image.Image]:
    """The test images (each named by its index and digit), and the same decoded from their codes."""
    originals, recons = reconstructions(s)
    names = test_image_names(parse_test_indices(s.indices))
    return sheet(originals, labels=names), sheet(recons, labels=names)


def reconstruction_caption(s: ReconstructionSettings) -> str:
    """What the two sheets show, for the text under them."""
    return f"top: the test images; bottom: the same decoded from their codes · {s.caption()}"


def captioned_reconstructions(s: ReconstructionSettings) -> tuple[Image.Image, Image.Image, str]:
    """The two sheets and the caption under them."""
    return *reconstruction_sheets(s), reconstruction_caption(s)


def scatter_or_why(span: float, point: tuple[float, float]):
    """(the encoded test digits' scatter, None), or (None, why) without MNIST: the rest still works."""
    try:
        return latent_scatter(span=span, point=point), None
    except StudioError as exc:
        return None, str(exc)


def selected_point(event) -> tuple[float, float] | None:
    """The dot a click on the scatter picked (a chart's selection event), if any."""
    points = (event or {}).get("selection", {}).get("points") or []
    return (float(points[0]["x"]), float(points[0]["y"])) if points else None
