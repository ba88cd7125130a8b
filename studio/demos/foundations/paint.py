"""A network that learns to paint: regression from a pixel's position (x, y) to its colour (r, g, b).

The second session of the course notes. A small multilayer perceptron sees one pixel position at
a time and must answer with that pixel's colour; trained on every pixel of one picture, it paints
the picture from memory. Fed plain coordinates it paints a blurry version: a ReLU network learns
smooth, low-frequency functions first (the "spectral bias"). Mapping the coordinates through
random Fourier features first, γ(v) = [sin(2π B v), cos(2π B v)] with B ~ N(0, σ²) (Tancik et al.,
2020), lets it paint edges and texture in the same number of steps. Sine activations (SIREN, Sitzmann et al.,
2020) are the other cure, offered beside ReLU and tanh.

"Paint many images": the same network with several pictures as targets for the same (x, y) can
only answer their average (the MSE-optimal answer to one question with several right answers);
given the picture's index as an extra input, it can tell them apart.

Everything random (weights, Fourier matrix, pixel batches) comes from torch.Generators seeded by
the settings, so the same settings paint the same picture.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from studio import budget
from studio.controls import Settings, control, seed_control
from studio.device import cpu_threads
from studio.errors import StudioError
from studio.frames import Frame
from studio.live import streamed   # train to the budget live, within a job's time limit
from studio.image_sets import sample_set, square
from studio.images import SAMPLES, contact_sheet, load_image, load_sample, to_pil, to_tensor
from studio.caches import cached

PICTURES = (*SAMPLES, "yours")
PICTURE_LABELS = (*SAMPLES.values(), "Your picture (upload)")
ACTIVATIONS = ("relu", "tanh", "sine")
ACTIVATION_LABELS = ("ReLU", "tanh", "sine (SIREN)")
OPTIMISERS = ("adam", "rmsprop", "sgd")
OPTIMISER_LABELS = ("Adam", "RMSprop", "SGD with momentum")
ENCODINGS = ("none", "fourier")
ENCODING_LABELS = ("Off: the raw (x, y), as in the notes", "Fourier features (Tancik et al. 2020)")
FOURIER_FEATURES = 128        # random frequencies: 256 inputs (a sine and a cosine each)
SIREN_W0 = 30.0               # sin(w0·x): SIREN's frequency scale
THREADS = 1                   # layers this small gain nothing from a second thread on a busy 2-core laptop
REFRESH_S = 0.5               # both live views redraw about twice a second
BURST_S = 2.0                 # Streamlit's: at most this long between redraws, training in between (a redraw
                              # there costs ~0.4 s, Gradio's stream ~0.1 s)
GIF_FRAMES = 60               # at most this many paintings are kept for the GIF


class EncodingFields:
    """Settings with an `encoding` and a `fourier_scale` (setting A and setting B of the race): the form shows
    the Fourier scale only with Fourier features."""

    @classmethod
    def fields_for(cls, encoding: str) -> list[str]:
        """The controls an encoding uses: the Fourier scale only with Fourier features."""
        return [name for name, _ in cls.controls() if name != "fourier_scale" or encoding == "fourier"]


@dataclass(frozen=True)
class PaintSettings(EncodingFields, Settings):
    title = "Learn to paint"
    image: str = control("Picture", "astronaut", choices=PICTURES, choice_labels=PICTURE_LABELS,
                         help="The picture the network must learn to paint, pixel by pixel.")
    size: int = control("Size (pixels per side)", 128, min=32, max=256, step=16,
                        help="The picture is cropped to a square of this many pixels per side: 128 × 128 is "
                             "16,384 questions '(x, y) → colour?' for the network.")
    encoding: str = control("Positional encoding", "none", choices=ENCODINGS, choice_labels=ENCODING_LABELS,
                            help="Off: the network sees (x, y) and paints a blurry picture. Fourier features "
                                 "feed it sines and cosines of (x, y) at many random frequencies, and it paints "
                                 "edges and texture in the same number of steps.")
    fourier_scale: float = control("Fourier scale σ", 10.0, min=1.0, max=100.0, log=True, step=0.1,
                                   help="Spread of the random frequencies. Too small: still blurry. Too large: "
                                        "the network paints noise between the pixels it was shown. About 10 "
                                        "suits photos.")
    layers: int = control("Hidden layers", 4, min=1, max=8,
                          help="How many hidden layers the perceptron has.")
    width: int = control("Width (units per layer)", 128, min=16, max=512, step=16,
                         help="Units in each hidden layer. Wider layers remember more detail but each step "
                              "takes longer.")
    activation: str = control("Activation", "relu", choices=ACTIVATIONS, choice_labels=ACTIVATION_LABELS,
                              help="The non-linearity between layers. Sine activations (SIREN) are a second "
                                   "cure for blur, without any encoding.")
    optimiser: str = control("Optimiser", "adam", choices=OPTIMISERS, choice_labels=OPTIMISER_LABELS,
                             help="How gradients become steps. Adam adapts the step size per weight and is "
                                  "the usual choice; plain SGD needs a larger learning rate and more patience.")
    lr: float = control("Learning rate", 2e-3, min=1e-5, max=1e-1, log=True, step=0.1,
                        help="Size of each step. Too large and the loss jumps or diverges; too small and "
                             "nothing happens.")
    batch: int = control("Pixels per batch", 4096, min=256, max=16384, step=256,
                         help="How many random pixels each step learns from. More pixels: steadier steps, "
                              "fewer steps per second.")
    steps: int = control("Training budget (steps)", 2000, min=100, max=20000, step=100,
                         help="Steps per Start; Stop ends earlier.")
    seed: int = seed_control(help="Seeds the weights, the Fourier frequencies and the pixel batches: the same "
                                  "seed paints the same picture.")

    def check(self) -> tuple[str, ...]:
        if self.activation == "sine" and self.lr > 1e-2:
            # not refused: shown beside the result (SIREN diverges quickly above this)
            return ("Sine networks are sensitive: a learning rate above 0.01 often makes them diverge.",)
        return ()


@dataclass(frozen=True)
class ManySettings(PaintSettings):
    """Paint many images: the sample photos as targets for one network."""

    title = "Paint many images"
    size: int = control("Size (pixels per side)", 48, min=32, max=128, step=16,
                        help="Every picture is cropped and resized to this square. Small squares let the "
                             "network tell the pictures apart within seconds.")
    count: int = control("Pictures", 4, min=2, max=len(SAMPLES),
                         help="How many sample photos the network must paint at once.")
    index_input: bool = control("Give it the picture's index", False,
                                help="Off: the network sees only (x, y), the same question for every picture, "
                                     "and can only answer their average. On: it also sees which picture is "
                                     "meant (one-hot), and can paint each.")

    encoding: str = control("Positional encoding", "fourier", choices=ENCODINGS, choice_labels=ENCODING_LABELS,
                            help="Fourier features let the painting be sharp, so what it converges to (the "
                                 "average, or each picture) is plain to see.")

    @classmethod
    def controls(cls):
        """The pictures first; no single-picture choice."""
        rest = [(n, c) for n, c in super().controls() if n != "image"]
        first = [item for item in rest if item[0] in ("count", "index_input")]
        return first + [item for item in rest if item[0] not in ("count", "index_input")]


def _as_in_paint(name: str, **changes):
    """A field with PaintSettings' control for `name` (label, range, help), some of it changed."""
    ctl = dataclasses.replace(PaintSettings.__dataclass_fields__[name].metadata["control"], **changes)
    return field(default=ctl.default, metadata={"control": ctl})


@dataclass(frozen=True)
class RaceSettings(EncodingFields, Settings):
    """Setting B of the side-by-side race: what B changes. The picture, its size, the optimiser,
    the batch, the budget and the seed are setting A's, so the race is fair."""

    title = "Setting B"
    encoding: str = _as_in_paint("encoding", default="fourier")     # the race the page is about
    fourier_scale: float = _as_in_paint("fourier_scale")
    activation: str = _as_in_paint("activation")
    lr: float = _as_in_paint("lr")
    layers: int = _as_in_paint("layers")
    width: int = _as_in_paint("width")

    check = PaintSettings.check

    def over(self, a: PaintSettings) -> PaintSettings:
        """Setting A with what B changes."""
        return PaintSettings.from_values({**a.to_dict(), **self.to_dict()})


# --- the network ---------------------------------------------------------------------------------

class Sine(nn.Module):
    def __init__(self, w0: float = SIREN_W0):
        super().__init__()
        self.w0 = w0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sin(self.w0 * x)


def _init(layer: nn.Linear, activation: str, first: bool, generator: torch.Generator) -> None:
    """Seeded initialisation suited to each activation (never the process-wide RNG)."""
    fan_in, fan_out = layer.in_features, layer.out_features
    if activation == "sine":     # SIREN: keeps sin(w0·x) well spread through the depth
        bound = 1 / fan_in if first else math.sqrt(6 / fan_in) / SIREN_W0
    elif activation == "tanh":   # Glorot
        bound = math.sqrt(6 / (fan_in + fan_out))
    else:                        # He, for ReLU
        bound = math.sqrt(6 / fan_in)
    with torch.no_grad():
        layer.weight.uniform_(-bound, bound, generator=generator)
        layer.bias.uniform_(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), generator=generator)


def build_mlp(inputs: int, width: int, layers: int, activation: str, generator: torch.Generator) -> nn.Sequential:
    dims = [inputs] + [width] * layers + [3]
    modules: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
        linear = nn.Linear(a, b)
        _init(linear, activation, first=i == 0, generator=generator)
        modules.append(linear)
        if i < len(dims) - 2:
            modules.append({"relu": nn.ReLU, "tanh": nn.Tanh, "sine": Sine}[activation]())
    return nn.Sequential(*modules)


def coordinates(size: int) -> torch.Tensor:
    """Every pixel's centre as (x, y) in [0, 1], row by row: (size², 2)."""
    axis = (torch.arange(size, dtype=torch.float32) + 0.5) / size
    yy, xx = torch.meshgrid(axis, axis, indexing="ij")
    return torch.stack([xx.flatten(), yy.flatten()], 1)


def encode(xy: torch.Tensor, settings: PaintSettings, generator: torch.Generator) -> torch.Tensor:
    """The network's input for each position: (x, y) in [-1, 1], or random Fourier features."""
    if settings.encoding == "none":
        return xy * 2 - 1
    B = torch.randn(2, FOURIER_FEATURES, generator=generator) * settings.fourier_scale
    angles = 2 * math.pi * xy @ B
    return torch.cat([torch.sin(angles), torch.cos(angles)], 1)


def make_optimiser(settings: PaintSettings, params) -> torch.optim.Optimizer:
    if settings.optimiser == "adam":
        return torch.optim.Adam(params, lr=settings.lr)
    if settings.optimiser == "rmsprop":
        return torch.optim.RMSprop(params, lr=settings.lr)
    return torch.optim.SGD(params, lr=settings.lr, momentum=0.9)


def psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    """Peak signal-to-noise ratio in dB for pictures in [0, 1]: 10·log10(1 / MSE)."""
    mse = float(F.mse_loss(a.clamp(0, 1), b))
    return 10 * math.log10(1 / max(mse, 1e-10))


# --- the pictures --------------------------------------------------------------------------------

def target_picture(settings: PaintSettings, upload=None) -> torch.Tensor:
    """The picture to paint as (1, 3, size, size): a sample photo, or the uploaded one."""
    if settings.image == "yours":
        if upload is None:
            raise StudioError("Upload a picture for the network to paint (or choose one of the samples).")
        data = upload if isinstance(upload, (bytes, bytearray)) else upload.data
        img = load_image(data, max_side=max(4 * settings.size, 256)).image
    else:
        img = load_sample(settings.image)
    return to_tensor(square(img, settings.size))


def many_targets(settings: ManySettings) -> tuple[torch.Tensor, list[str]]:
    images, names = sample_set(settings.size)
    return images[:settings.count], list(names[:settings.count])


# --- training --------------------------------------------------------------------------------------

@dataclass
class Painter:
    """One network, its targets and its history: the whole live-training state."""

    settings: PaintSettings
    targets: torch.Tensor                          # (K, 3, H, W) in [0, 1]
    names: list[str] = field(default_factory=list)
    step: int = 0
    seconds: float = 0.0                           # time spent training
    history: dict[str, list[float]] = field(default_factory=lambda: {"step": [], "seconds": [], "loss": [],
                                                                      "psnr": []})
    paintings: list[Image.Image] = field(default_factory=list)   # for the GIF

    def __post_init__(self) -> None:
        s = self.settings
        if self.targets.dim() != 4 or self.targets.shape[1] != 3:
            raise StudioError("The pictures to paint must be RGB.")
        self.k, _, self.h, self.w = self.targets.shape
        self.index_input = bool(getattr(s, "index_input", False))
        init = torch.Generator().manual_seed(s.seed)
        self.inputs = encode(coordinates(self.h), s, init)                    # (P, D)
        self.pixels = self.h * self.w
        self.flat_targets = self.targets.permute(0, 2, 3, 1).reshape(self.k, self.pixels, 3).contiguous()
        extra = self.k if self.index_input else 0
        self.net = build_mlp(self.inputs.shape[1] + extra, s.width, s.layers, s.activation, init)
        self.opt = make_optimiser(s, self.net.parameters())
        self.batches = torch.Generator().manual_seed(s.seed + 1)
        self._losses: list[float] = []
        self.record()

    # one step of gradient descent on a batch of random pixels (of random pictures)
    def _batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        total = self.k * self.pixels
        if self.settings.batch >= total:
            idx = torch.arange(total)
        else:
            idx = torch.randint(total, (self.settings.batch,), generator=self.batches)
        k, p = idx // self.pixels, idx % self.pixels
        x = self.inputs[p]
        if self.index_input:
            x = torch.cat([x, F.one_hot(k, self.k).float()], 1)
        return x, self.flat_targets[k, p]

    def train(self, steps: int) -> None:
        with cpu_threads(THREADS):
            start = time.perf_counter()
            for _ in range(steps):
                self._step()
            self.seconds += time.perf_counter() - start
        self.record()

    def _step(self) -> None:
        x, y = self._batch()
        loss = F.mse_loss(self.net(x), y)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.step += 1
        self._losses.append(loss.item())

    def train_for(self, seconds: float) -> float:
        """Train for about `seconds` (or to the budget), then record; returns steps per second."""
        if not math.isfinite(self.history["loss"][-1]):
            raise StudioError("Training diverged (the loss became infinite). Lower the learning rate and reset.")
        done = 0
        with cpu_threads(THREADS):
            start = time.perf_counter()
            while time.perf_counter() - start < seconds and self.step < self.settings.steps:
                self._step()
                done += 1
            spent = time.perf_counter() - start
        self.seconds += spent
        self.record()
        return done / max(spent, 1e-9)

    @property
    def finished(self) -> bool:
        return self.step >= self.settings.steps

    @torch.no_grad()
    def paint(self, k: int = 0) -> torch.Tensor:
        """The network's painting of picture k: (3, H, W) in [0, 1]."""
        with cpu_threads(THREADS):
            x = self.inputs
            if self.index_input:
                x = torch.cat([x, F.one_hot(torch.full((self.pixels,), k), self.k).float()], 1)
            out = self.net(x)
        return out.clamp(0, 1).T.reshape(3, self.h, self.w)

    def paintings_now(self) -> list[torch.Tensor]:
        """Every picture's painting (one painting when the network cannot tell them apart)."""
        return [self.paint(k) for k in range(self.k if self.index_input else 1)]

    def psnr(self, paintings: list[torch.Tensor] | None = None) -> float:
        """Mean PSNR of the paintings against their targets."""
        paintings = paintings or self.paintings_now()
        return sum(psnr(paintings[min(k, len(paintings) - 1)], self.targets[k]) for k in range(self.k)) / self.k

    def record(self) -> None:
        loss = sum(self._losses) / len(self._losses) if self._losses else float(
            F.mse_loss(self.paint(0), self.targets[0]))
        self._losses.clear()
        h = self.history
        if h["step"] and h["step"][-1] == self.step:
            return
        h["step"].append(self.step)
        h["seconds"].append(round(self.seconds, 3))
        h["loss"].append(loss)
        now = self.paintings_now()
        h["psnr"].append(self.psnr(now))
        self.paintings.append(self.view(paintings=now))
        if len(self.paintings) > GIF_FRAMES:      # keep the first and every other one after it
            self.paintings = self.paintings[:1] + self.paintings[2::2]

    # what the pages show
    def view(self, scale: int = 0, paintings: list[torch.Tensor] | None = None) -> Image.Image:
        """The painting (single picture) or one painting per picture side by side, enlarged crisply."""
        scale = scale or max(1, 256 // self.h)
        img = to_pil(torch.cat(paintings or self.paintings_now(), 2))
        return img.resize((img.width * scale, img.height * scale), Image.NEAREST)

    def status(self, rate: float | None = None) -> str:
        speed = f" · {rate:.0f} steps/s" if rate else ""
        return (f"step {self.step} of {self.settings.steps} · {self.seconds:.1f} s of training · "
                f"PSNR {self.history['psnr'][-1]:.1f} dB{speed}")

    def caption(self) -> str:
        return f"step {self.step}, PSNR {self.history['psnr'][-1]:.1f} dB · {self.settings.caption()}"

    def frame(self) -> Frame:
        return Frame(self.view(), self.step, self.settings.steps, self.caption(),
                     {"loss": self.history["loss"][-1], "psnr": self.history["psnr"][-1]})

    def comparison(self) -> Image.Image:
        """Target(s) beside the painting(s); for many pictures without the index, also their mean."""
        if self.k == 1:
            pics = [to_pil(self.targets[0]), to_pil(self.paint(0))]
            return contact_sheet(pics, ["the picture", f"the painting (step {self.step})"], columns=2, cell=256)
        names = self.names or [f"picture {k}" for k in range(self.k)]
        if self.index_input:
            pics = [to_pil(t) for t in self.targets] + [to_pil(self.paint(k)) for k in range(self.k)]
            labels = names + [f"painting {k}" for k in range(self.k)]
            return contact_sheet(pics, labels, columns=self.k, cell=160)
        mean = self.targets.mean(0)
        pics = [to_pil(t) for t in self.targets] + [to_pil(mean), to_pil(self.paint(0))]
        labels = names + ["their average", f"the painting (step {self.step})"]
        return contact_sheet(pics, labels, columns=self.k, cell=160)

    def figure(self):
        return figure([("", self)])

    def psnr_to_mean(self) -> float:
        """How close the single painting is to the targets' average (many pictures, no index)."""
        return psnr(self.paint(0), self.targets.mean(0))


def check_work(settings: PaintSettings) -> None:
    """On a shared studio (budget.max_work), refuse a training run larger than one job may be."""
    limit = budget.max_work()
    pictures = settings.count if isinstance(settings, ManySettings) else 1
    per_step = min(settings.batch, pictures * settings.size ** 2)
    if limit is None or per_step * settings.steps <= limit:
        return
    steps = max(100, int(limit // per_step) // 100 * 100)
    raise StudioError(f"This painting needs {per_step * settings.steps / 1e6:.0f} million pixel-steps (pixels per "
                      f"batch × steps); one job on this shared studio may use {limit / 1e6:.0f} million. Lower the "
                      f"training budget to {steps} steps, or the pixels per batch, and start again.")


def painter(settings: PaintSettings, upload=None) -> Painter:
    """A fresh Painter for the settings (the picture loaded from samples or the upload)."""
    check_work(settings)
    if isinstance(settings, ManySettings):
        targets, names = many_targets(settings)
        return Painter(settings, targets, names)
    return Painter(settings, target_picture(settings, upload), [settings.image])


def run(settings: PaintSettings, upload=None, refresh_s: float = REFRESH_S):
    """Train to the budget, yielding a Frame about every `refresh_s` seconds (the last is the result)."""
    for _, frame, _ in streamed(painter(settings, upload), refresh_s, lambda p: (p.frame(),)):
        yield frame


@dataclass
class Race:
    """Two settings side by side on the same picture, compared at equal steps.

    While both train they take turns of equal wall time (so the live view shows what each does with the
    same seconds); one that reaches the step budget first stops, and the other trains on to the budget.
    The final pictures, captions and slides therefore compare equal steps, each with its own seconds."""

    a: Painter
    b: Painter
    labels: tuple[str, str] = ("A", "B")

    @property
    def settings(self) -> tuple[PaintSettings, PaintSettings]:
        return self.a.settings, self.b.settings

    @property
    def finished(self) -> bool:
        return self.a.finished and self.b.finished

    @property
    def step(self) -> int:
        return self.a.step

    def train_for(self, seconds: float) -> float:
        """Half the time each (all of it to one whose budget the other has spent); total steps per second."""
        start, steps = time.perf_counter(), self.a.step + self.b.step
        going = [p for p in (self.a, self.b) if not p.finished]
        for p in going:
            p.train_for(seconds / len(going))
        return (self.a.step + self.b.step - steps) / max(time.perf_counter() - start, 1e-9)

    def status(self, rate: float | None = None) -> str:
        return " · ".join(f"{label}: step {p.step}, {p.seconds:.1f} s, PSNR {p.history['psnr'][-1]:.1f} dB"
                          for label, p in zip(self.labels, (self.a, self.b)))

    def comparison(self) -> Image.Image:
        pics = [to_pil(self.a.targets[0]), to_pil(self.a.paint(0)), to_pil(self.b.paint(0))]
        labels = ["the picture"] + [f"{label}: {p.history['psnr'][-1]:.1f} dB" for label, p in
                                    zip(self.labels, (self.a, self.b))]
        return contact_sheet(pics, labels, columns=3, cell=256)

    def figure(self):
        return figure([(self.labels[0], self.a), (self.labels[1], self.b)])

    def caption(self) -> str:
        """A line each for A and B (where each got to, and what B changes), then what the comparison holds
        equal (steps when both have finished, their seconds differ; else the training time so far) and
        the settings they share. Short lines first: a slide shows A and B whole and apart (issue 23)."""
        a, b = self.a, self.b
        if a.step == b.step:
            held = f"equal steps ({a.step} each; A trained {a.seconds:.1f} s, B {b.seconds:.1f} s)"
        else:
            held = f"A at step {a.step} in {a.seconds:.1f} s, B at step {b.step} in {b.seconds:.1f} s"
        changed = [n for n, _ in a.settings.controls() if getattr(a.settings, n) != getattr(b.settings, n)]
        differs = Settings.caption(b.settings, skip=tuple(n for n, _ in b.settings.controls() if n not in changed))
        lines = [f"{self.labels[0]}: step {a.step}, PSNR {a.history['psnr'][-1]:.1f} dB",
                 f"{self.labels[1]}: step {b.step}, PSNR {b.history['psnr'][-1]:.1f} dB"
                 + (f" · B changes {differs.split(' · ', 1)[1]}" if changed else ""),
                 f"{held} · {a.settings.caption()}"]
        return "\n".join(lines)


def race(a: PaintSettings, b: PaintSettings | RaceSettings, upload=None) -> Race:
    """A race between two settings on settings A's picture and size (B: full settings, or what it changes)."""
    b = b.over(a) if isinstance(b, RaceSettings) else PaintSettings.from_values(
        {**b.to_dict(), "image": a.image, "size": a.size})
    check_work(a)
    check_work(b)
    target = target_picture(a, upload)
    return Race(Painter(a, target, [a.image]), Painter(b, target, [a.image]),
                (f"A ({describe(a)})", f"B ({describe(b)})"))


def describe(s: PaintSettings) -> str:
    """A short name for a setting: its encoding, and its activation when it is not ReLU."""
    enc = f"Fourier {s.fourier_scale:.3g}" if s.encoding == "fourier" else "plain"
    return enc if s.activation == "relu" else f"{enc}, {s.activation}"


def figure(painters: list[tuple[str, Painter]]):
    """Plotly: training loss (log scale) and PSNR over steps for one or more painters."""
    import plotly.graph_objects as go

    colours = ["#6C4AB6", "#e8590c", "#2b8a3e", "#1f3b73"]
    data = []
    for i, (label, p) in enumerate(painters):
        h, colour = p.history, colours[i % len(colours)]
        data.append({"type": "scatter", "x": h["step"], "y": h["loss"], "name": f"{label} loss".strip(),
                     "line": {"color": colour}, "xaxis": "x", "yaxis": "y", "legendgroup": label})
        data.append({"type": "scatter", "x": h["step"], "y": h["psnr"], "name": f"{label} PSNR".strip(),
                     "line": {"color": colour, "dash": "dot"}, "xaxis": "x2", "yaxis": "y2", "legendgroup": label})
    layout = {
        "height": 300, "margin": {"l": 50, "r": 10, "t": 30, "b": 40},
        "legend": {"orientation": "h", "y": -0.25},
        "xaxis": {"domain": [0, 0.45], "title": {"text": "step"}},
        "yaxis": {"type": "log", "dtick": 1, "title": {"text": "loss (MSE)"}},
        "xaxis2": {"domain": [0.55, 1], "anchor": "y2", "title": {"text": "step"}},
        "yaxis2": {"anchor": "x2", "title": {"text": "PSNR (dB)"}},
        "template": _white_template(),
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)


@cached(maxsize=1)
def _white_template() -> dict:
    import plotly.io

    return plotly.io.templates["plotly_white"].to_plotly_json()
