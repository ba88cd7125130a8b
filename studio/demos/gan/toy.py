"""A GAN on 2-D points, trained live: the GAN Lab idea inside the studio.

Both networks are small MLPs, so thousands of steps run in seconds on a laptop CPU and the
whole state can be drawn: real vs generated points, the discriminator's decision surface and
how many of the target's modes the generator covers. The controls are the ones that invite
or cure mode collapse: learning rates, discriminator steps per generator step, batch size,
latent size and the loss.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from studio.controls import Settings, control, seed_control
from studio.device import cpu_threads
from studio.errors import StudioError
from studio.caches import cached

TARGETS = ("ring", "grid", "spiral", "moons")
TARGET_LABELS = ("Ring of 8 Gaussians", "5×5 grid of Gaussians", "Spiral", "Two moons")
LOSSES = ("minimax", "non-saturating", "wgan-gp")
LOSS_LABELS = ("Minimax (original, saturating)", "Non-saturating (standard)", "WGAN-GP (stabilised)")

# A setting that reliably collapses on the ring (seeded test): the original minimax loss,
# a generator that learns 10x faster than the discriminator and a 1-D latent.
COLLAPSE_PRONE = {"loss": "minimax", "g_lr": 5e-3, "d_lr": 5e-4, "latent_dim": 1}
# Both front ends redraw the live view this often while training (about three times a second).
REFRESH_S = 0.35


@dataclass(frozen=True)
class ToyGanSettings(Settings):
    title = "2-D GAN"
    target: str = control("Target", "ring", choices=TARGETS, choice_labels=TARGET_LABELS,
                          help="The distribution the generator must learn. The ring and grid have separate "
                               "modes, so collapse onto a few of them is easy to see.")
    loss: str = control("Loss", "non-saturating", choices=LOSSES, choice_labels=LOSS_LABELS,
                        help="Minimax is the original game; its generator gradient vanishes when the "
                             "discriminator wins. Non-saturating flips the generator's objective to keep "
                             "gradients alive. WGAN-GP trains a critic with a gradient penalty: the most "
                             "stable of the three.")
    g_lr: float = control("Generator learning rate", 1e-3, min=1e-5, max=1e-1, log=True, step=0.1,
                          help="A generator much faster than the discriminator chases whatever region the "
                               "discriminator currently likes: a classic route to mode collapse.")
    d_lr: float = control("Discriminator learning rate", 1e-3, min=1e-5, max=1e-1, log=True, step=0.1)
    d_steps: int = control("Discriminator steps per generator step", 1, min=1, max=10,
                           help="More discriminator steps give the generator a better-informed signal "
                                "(WGAN uses 5).")
    batch: int = control("Batch size", 256, min=16, max=1024, step=16,
                         help="Larger batches show the discriminator more of every mode at once.")
    latent_dim: int = control("Latent size", 4, min=1, max=16,
                              help="Dimensions of the noise z fed to the generator. With 1 dimension the "
                                   "generator can only draw a curve.")
    steps: int = control("Training budget (steps)", 3000, min=100, max=20000, step=100,
                         help="Generator steps per Start.")
    seed: int = seed_control()


def mode_centres(target: str) -> np.ndarray:
    """Centres whose neighbourhoods count as the target's modes."""
    if target == "ring":
        a = np.arange(8) * 2 * np.pi / 8
        return np.stack([2 * np.cos(a), 2 * np.sin(a)], 1)
    if target == "grid":
        g = np.arange(-2, 3) * 1.0
        return np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
    if target == "spiral":
        t = (0.25 + 0.75 * (np.arange(10) + 0.5) / 10) * 3 * np.pi  # mid-points of ten equal stretches
        return np.stack([t * np.cos(t), t * np.sin(t)], 1) / 3
    if target == "moons":
        a = np.linspace(0, np.pi, 5)[:4] + np.pi / 8
        upper = np.stack([np.cos(a), np.sin(a)], 1)
        lower = np.stack([1 - np.cos(a), 0.5 - np.sin(a)], 1)
        return np.concatenate([upper, lower]) * 1.5 - np.array([0.75, 0.1])
    raise StudioError(f"Unknown target '{target}'.")


def sample_target(target: str, n: int, generator: torch.Generator) -> torch.Tensor:
    """n points of the target distribution (seeded)."""
    if target in ("ring", "grid"):
        centres = torch.from_numpy(mode_centres(target)).float()
        idx = torch.randint(len(centres), (n,), generator=generator)
        return centres[idx] + NOISE_STD[target] * torch.randn(n, 2, generator=generator)
    u = torch.rand(n, generator=generator)
    if target == "spiral":
        t = (0.25 + 0.75 * u) * 3 * math.pi
        pts = torch.stack([t * torch.cos(t), t * torch.sin(t)], 1) / 3
        return pts + NOISE_STD[target] * torch.randn(n, 2, generator=generator)
    a = u * math.pi  # moons
    upper = torch.rand(n, generator=generator) < 0.5
    x = torch.where(upper, torch.cos(a), 1 - torch.cos(a))
    y = torch.where(upper, torch.sin(a), 0.5 - torch.sin(a))
    pts = torch.stack([x, y], 1) * 1.5 - torch.tensor([0.75, 0.1])
    return pts + NOISE_STD[target] * torch.randn(n, 2, generator=generator)


NOISE_STD = {"ring": 0.05, "grid": 0.04, "spiral": 0.05, "moons": 0.05}


def modes_covered(points: np.ndarray, target: str, min_share: float = 0.02) -> int:
    """Modes holding at least min_share of the points within 3 standard deviations of their
    centre (the usual criterion, e.g. VEEGAN): a point far from every mode counts for none."""
    centres = mode_centres(target)
    radius = 3 * NOISE_STD[target]
    if target in ("spiral", "moons"):  # curves: centres are spaced along them, so widen to half the gap
        gaps = np.linalg.norm(centres[:, None] - centres[None], axis=-1)
        np.fill_diagonal(gaps, np.inf)
        radius = max(radius, float(gaps.min()) / 2)
    dist = np.linalg.norm(points[:, None] - centres[None], axis=-1)
    return int(((dist < radius).mean(0) >= min_share).sum())


def _mlp(inp: int, out: int, hidden: int = 128) -> nn.Sequential:
    return nn.Sequential(nn.Linear(inp, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden), nn.LeakyReLU(0.2),
                         nn.Linear(hidden, out))


@dataclass
class ToyGan:
    """Generator, discriminator, optimisers and history: the whole live-training state."""

    settings: ToyGanSettings
    step: int = 0
    history: dict[str, list[float]] = field(default_factory=lambda: {"step": [], "d_loss": [], "g_loss": [],
                                                                      "modes": []})

    def __post_init__(self) -> None:
        s = self.settings
        self.gen = torch.Generator().manual_seed(s.seed)
        # Layers draw their initial weights from torch's global generator: seed it only inside
        # fork_rng, so one student's Reset never changes another request's random numbers.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(s.seed)
            self.G, self.D = _mlp(s.latent_dim, 2), _mlp(2, 1)
        betas = (0.5, 0.9) if s.loss == "wgan-gp" else (0.5, 0.999)
        # fused: one kernel per optimiser step instead of a loop over parameters (2-3x faster here)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=s.g_lr, betas=betas, fused=True)
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=s.d_lr, betas=betas, fused=True)
        self.fixed_z = torch.randn(1000, s.latent_dim, generator=self.gen)

    def _z(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.settings.latent_dim, generator=self.gen)

    def _d_step(self) -> float:
        s = self.settings
        real = sample_target(s.target, s.batch, self.gen)
        with torch.no_grad():
            fake = self.G(self._z(s.batch))
        if s.loss == "wgan-gp":
            loss = self.D(fake).mean() - self.D(real).mean()
            eps = torch.rand(s.batch, 1, generator=self.gen)
            mix = (eps * real + (1 - eps) * fake).requires_grad_(True)
            grad, = torch.autograd.grad(self.D(mix).sum(), mix, create_graph=True)
            loss = loss + 10.0 * ((grad.norm(dim=1) - 1) ** 2).mean()
        else:
            logits = self.D(torch.cat([real, fake]))
            labels = torch.cat([torch.ones(s.batch, 1), torch.zeros(s.batch, 1)])
            loss = F.binary_cross_entropy_with_logits(logits, labels)
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return loss.item()

    def _g_step(self) -> float:
        s = self.settings
        out = self.D(self.G(self._z(s.batch)))
        if s.loss == "wgan-gp":
            loss = -out.mean()
        elif s.loss == "minimax":
            loss = -F.softplus(out).mean()  # minimise log(1 - D(G(z))) = -softplus(logit)
        else:
            loss = F.softplus(-out).mean()  # maximise log D(G(z))
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        return loss.item()

    def train(self, steps: int) -> None:
        """`steps` generator steps (each after d_steps discriminator steps)."""
        if not torch.isfinite(next(self.G.parameters())).all():
            raise StudioError("Training diverged (the weights became infinite). Lower the learning rates and reset.")
        d_loss = g_loss = 0.0
        with cpu_threads(1):
            for _ in range(steps):
                for _ in range(self.settings.d_steps):
                    d_loss = self._d_step()
                g_loss = self._g_step()
                self.step += 1
        self.history["step"].append(self.step)
        self.history["d_loss"].append(d_loss)
        self.history["g_loss"].append(g_loss)
        self.history["modes"].append(self.modes_covered())

    def train_for(self, seconds: float, chunk: int = 25) -> float:
        """Train in small chunks for about `seconds` (or to the budget); returns steps per second.
        Both live views call this between redraws."""
        start, done = time.perf_counter(), 0
        while time.perf_counter() - start < seconds and self.step < self.settings.steps:
            self.train(chunk)
            done += chunk
        return done / max(time.perf_counter() - start, 1e-9)

    @property
    def finished(self) -> bool:
        return self.step >= self.settings.steps

    def status(self, rate: float | None = None) -> str:
        speed = f" · {rate:.0f} steps/s" if rate else ""
        return (f"step {self.step} of {self.settings.steps} · {self.modes_covered()} of {self.modes_total} "
                f"modes covered{speed}")

    @torch.no_grad()
    def fake_points(self) -> np.ndarray:
        return self.G(self.fixed_z).numpy()

    def real_points(self, n: int = 1000) -> np.ndarray:
        return sample_target(self.settings.target, n, torch.Generator().manual_seed(1234)).numpy()

    def modes_covered(self) -> int:
        return modes_covered(self.fake_points(), self.settings.target)

    @property
    def modes_total(self) -> int:
        return len(mode_centres(self.settings.target))

    @torch.no_grad()
    def decision_surface(self, extent: float = 3.0, n: int = 60) -> tuple[np.ndarray, np.ndarray]:
        """(axis values, D's probability 'real' — or the critic's score — on an n×n grid)."""
        axis = np.linspace(-extent, extent, n, dtype=np.float32)
        xx, yy = np.meshgrid(axis, axis)
        out = self.D(torch.from_numpy(np.stack([xx.ravel(), yy.ravel()], 1))).view(n, n)
        return axis, (out.numpy() if self.settings.loss == "wgan-gp" else torch.sigmoid(out).numpy())


def collapse_prone_widgets() -> dict[str, object]:
    """COLLAPSE_PRONE as the widgets show it (a learning rate's slider at its exponent: -2.3, not -2.30103)."""
    return {name: ToyGanSettings.control_of(name).to_widget(value) for name, value in COLLAPSE_PRONE.items()}


def train_to_budget(settings: ToyGanSettings, chunk: int = 100):
    """A generator of ToyGan states every `chunk` steps until the budget is spent (for live views)."""
    gan = ToyGan(settings)
    while gan.step < settings.steps:
        gan.train(min(chunk, settings.steps - gan.step))
        yield gan


HEIGHT = 420   # px: the live view's chart, whole on a 1280×720 screen under the tab's buttons


def count_step(total: int, most: int = 8) -> int:
    """Tick spacing for an axis that counts 0..total: 1, 2 or 5 (then 10, 20, 50…), at most `most` steps."""
    step = 1
    while total / step > most:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return step


def figure(gan: ToyGan, extent: float = 3.0):
    """Plotly: decision surface heatmap, real and generated points, losses and modes over steps.

    Built from plain dicts without plotly's per-property validation: the page redraws it several
    times a second while training, and validation made each redraw ~10x slower (measured).
    """
    import plotly.graph_objects as go

    axis, surface = gan.decision_surface(extent)
    real, fake = gan.real_points(), gan.fake_points()
    critic = gan.settings.loss == "wgan-gp"
    h = gan.history
    data = [
        {"type": "heatmap", "x": axis.tolist(), "y": axis.tolist(), "z": surface.tolist(), "colorscale": "RdBu",
         "opacity": 0.55, "zmid": None if critic else 0.5, "xaxis": "x", "yaxis": "y",
         "colorbar": {"title": {"text": "critic" if critic else "D(x)"}, "x": 0.45, "xanchor": "left", "len": 0.8,
                      "thickness": 12}},
        {"type": "scattergl", "x": real[:, 0].tolist(), "y": real[:, 1].tolist(), "mode": "markers", "name": "real",
         "marker": {"size": 3, "color": "#1f3b73"}, "xaxis": "x", "yaxis": "y"},
        {"type": "scattergl", "x": fake[:, 0].tolist(), "y": fake[:, 1].tolist(), "mode": "markers",
         "name": "generated", "marker": {"size": 3, "color": "#e8590c"}, "xaxis": "x", "yaxis": "y"},
        {"type": "scatter", "x": h["step"], "y": h["d_loss"], "name": "D loss", "line": {"color": "#1f3b73"},
         "xaxis": "x2", "yaxis": "y2"},
        {"type": "scatter", "x": h["step"], "y": h["g_loss"], "name": "G loss", "line": {"color": "#e8590c"},
         "xaxis": "x2", "yaxis": "y2"},
        {"type": "scatter", "x": h["step"], "y": h["modes"], "name": "modes covered",
         "line": {"color": "#2b8a3e", "dash": "dot"}, "xaxis": "x2", "yaxis": "y3"},
    ]
    title = f"step {gan.step}: {gan.modes_covered()} of {gan.modes_total} modes covered"
    # HEIGHT fits under the buttons on a 1280×720 screen; the heatmap's colour bar sits at its right edge
    # and the loss axis far enough right that its title and ticks clear the bar.
    layout = {
        "height": HEIGHT, "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "legend": {"orientation": "h", "y": -0.1},
        "xaxis": {"domain": [0, 0.42], "range": [-extent, extent], "constrain": "domain"},
        "yaxis": {"range": [-extent, extent], "scaleanchor": "x", "constrain": "domain"},
        "xaxis2": {"domain": [0.68, 0.92], "anchor": "y2", "title": {"text": "step"}},
        "yaxis2": {"anchor": "x2", "title": {"text": "loss", "standoff": 4}},
        # a count: whole-number ticks only, every 1, 2 or 5 modes
        "yaxis3": {"anchor": "x2", "overlaying": "y2", "side": "right", "range": [0, gan.modes_total + 0.5],
                   "tickmode": "linear", "tick0": 0, "dtick": count_step(gan.modes_total), "tickformat": "d",
                   "showgrid": False, "title": {"text": "modes"}},
        "annotations": [
            {"text": title, "x": 0.25, "y": 1.06, "xref": "paper", "yref": "paper", "showarrow": False},
            {"text": "losses and modes covered", "x": 0.78, "y": 1.06, "xref": "paper", "yref": "paper",
             "showarrow": False}],
    }
    layout["template"] = _white_template()  # as a dict: a template *name* needs the validating setter
    return go.Figure({"data": data, "layout": layout}, _validate=False)


@cached(maxsize=1)
def _white_template() -> dict:
    import plotly.io

    return plotly.io.templates["plotly_white"].to_plotly_json()
