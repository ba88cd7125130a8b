"""The GAN page's snapshot side: generators across epochs from the zoo, judged by the classifier.

Every snapshot draws the same fixed latent batch (the zoo's gan-latents), so frames compare
directly across epochs; the class histograms come from the manifest, where the training script
stored what the digit classifier counted on 10,000 samples (and `measure` repeats that here).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import torch
from PIL import Image

from studio import links, zoo
from studio.models import gan
from studio.controls import Settings, control
from studio.errors import StudioError
from studio.exports import Export
from studio.frames import Outcome
from studio.images import captioned, contact_sheet, gif_bytes, png_bytes, to_pil
from studio.caches import cached

FAMILIES = {"dense": "Dense (MLP) GAN", "dcgan": "DCGAN"}
COLLAPSE_COVERED = 5  # a snapshot covering this many classes or fewer is marked as collapsed


def state(settings: Settings, family: str, view: str = "snapshots", snapshot: str = "") -> dict:
    """What a PNG of the page carries: the page, its view ('snapshots' or 'series'), the settings and the
    family shown (dropped on the page, it reopens them), and which snapshot drew it."""
    out = links.state("gan", {"gan.snap": settings}, view, picks={"family": family})
    return {**out, "snapshot": snapshot} if snapshot else out


def sheet_result(settings: Settings, family: str, entry: dict, image: Image.Image, caption: str) -> Outcome:
    """A family's sheet (sheet()'s entry, picture and caption) as the page's downloads take it: named by its
    snapshot, carrying the page's state."""
    return Outcome(image, caption, state(settings, family, snapshot=entry["name"]), name=entry["name"])


snapshots = gan.snapshots   # the family's snapshots in pretrained/ (the families page reads them too)


def epochs() -> tuple[int, ...]:
    """Every epoch at which either family has a snapshot (the slider's stops)."""
    found = {e["epoch"] for f in FAMILIES for e in snapshots(f)}
    return tuple(sorted(found)) or (1,)


def at_epoch(family: str, epoch: int) -> dict:
    """The family's snapshot at `epoch`, or its latest one before it (a shorter run)."""
    shots = snapshots(family)
    if not shots:
        raise StudioError(f"No {FAMILIES[family]} snapshots are in pretrained/. Retrain them with `make zoo`.")
    earlier = [e for e in shots if e["epoch"] <= epoch]
    return earlier[-1] if earlier else shots[0]


@cached(maxsize=32)
def generator(name: str) -> torch.nn.Module:
    return zoo.load_model(name)


@cached(maxsize=1)
def fixed_latents() -> torch.Tensor:
    return zoo.load_tensors("gan-latents")["z"]


@functools.cache
def _snapshot_settings() -> type[Settings]:
    """The epoch slider's stops are the manifest's epochs, so the class is built on first use,
    not when the module is imported (importing reads nothing from disk)."""

    @dataclass(frozen=True)
    class SnapshotSettings(Settings):
        title = "GAN snapshots"
        epoch: int = control("Epoch", epochs()[-1], choices=epochs(), choice_slider=True,
                             help="Training epochs completed when the generator was saved. Both GANs draw the "
                                  "same 64 latent vectors at every epoch.")
        seed: int = control("Seed for new samples", 0, min=0, max=2**31 - 1, number_box=True,
                            help="Draw 64 new latent vectors instead of the fixed batch.")
        use_fixed: bool = control("Use the fixed latent batch", True,
                                  help="The zoo's saved batch: the same z at every epoch, so you see the "
                                       "generator change, not the noise.")

    SnapshotSettings.__module__ = __name__
    return SnapshotSettings


def __getattr__(name: str):
    if name == "SnapshotSettings":  # gan_snapshots.SnapshotSettings, built lazily (PEP 562)
        return _snapshot_settings()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def latents(s: Settings, n: int = 64) -> torch.Tensor:
    return fixed_latents()[:n] if s.use_fixed else gan.latents(n, seed=s.seed)


# Below this mean top-class probability of the digit classifier on the fixed batch, the samples
# are not digits yet (the dense GAN's epoch 1: 0.53, with 3% of samples above 0.9; from epoch 2
# on, 0.65 and up): counting "classes covered" among blobs says nothing about mode collapse.
NOT_DIGITS_CONFIDENCE = 0.6


@cached(maxsize=32)
def digit_confidence(name: str) -> float:
    """Mean top-class probability the digit classifier gives the snapshot's fixed-batch samples."""
    samples = gan.generate(generator(name), fixed_latents()[:64])
    with torch.inference_mode():
        return float(torch.softmax(zoo_classifier()(samples), 1).max(1).values.mean())


def not_digits_note(entry: dict) -> str | None:
    """A sentence when the snapshot's samples are not yet recognisable digits, else None."""
    confidence = digit_confidence(entry["name"])
    if confidence >= NOT_DIGITS_CONFIDENCE:
        return None
    return (f"Not digits yet: the digit classifier is only {confidence:.0%} sure of these samples on average, "
            "so counting the digits they cover says nothing about collapse at this epoch.")


def collapse_note(entry: dict) -> str | None:
    """A sentence when the snapshot counts as collapsed (few modes of *digits*), else None."""
    if not_digits_note(entry):
        return None
    covered = entry["metrics"]["classes_covered"]
    if covered > COLLAPSE_COVERED:
        return None
    return f"Collapsed: only {covered} digits hold {gan.COVERED_SHARE:.0%} of the samples or more."


def heading(entry: dict) -> str:
    """What each front end writes above a family's sample sheet."""
    return f"{FAMILIES[entry['family']]} · epoch {entry['epoch']}"


def verdicts(entry: dict) -> list[tuple[str, str]]:
    """(kind, sentence) under a family's sheet, kind 'warning' (not digits yet) or 'error' (collapsed):
    the same words in both front ends."""
    early, note = not_digits_note(entry), collapse_note(entry)
    return [(kind, text) for kind, text in (("warning", early), ("error", note)) if text]


def heading_markdown(entry: dict) -> str:
    """heading() and verdicts() as one Markdown text (Gradio's; its CSS colours .studio-verdict boxes as
    Streamlit's warning and error boxes)."""
    parts = [f"### {heading(entry)}"]
    parts += [f'<div class="studio-verdict studio-{kind}">\n\n{text}\n\n</div>' for kind, text in verdicts(entry)]
    return "\n\n".join(parts)


def headings(epoch: int) -> tuple[str, ...]:
    """Both families' heading_markdown at an epoch."""
    return tuple(heading_markdown(at_epoch(family, epoch)) for family in FAMILIES)


def captions(s: Settings) -> tuple[str, ...]:
    """Both families' sheet captions at the settings' epoch (the text under each sheet)."""
    return tuple(caption(at_epoch(family, s.epoch), s) for family in FAMILIES)


def caption(entry: dict, s: Settings | None = None) -> str:
    """What a snapshot sheet shows, for the page and for slides."""
    m = entry["metrics"]
    text = (f"{FAMILIES[entry['family']]}, epoch {entry['epoch']} · {m['classes_covered']} of 10 classes · "
            f"{m['class_entropy_bits']:.2f} bits")
    if s is not None:
        text += " · fixed batch" if s.use_fixed else f" · seed {s.seed}"
    return text


def grid(name: str, z: torch.Tensor, caption: str | None = None, columns: int = 8, cell: int = 56) -> Image.Image:
    """Samples of one snapshot as a sheet (for the page and for slides)."""
    images = gan.generate(generator(name), z)
    return contact_sheet([to_pil(t) for t in images], columns=columns, cell=cell, caption=caption)


def sheet(family: str, s: Settings, z: torch.Tensor | None = None) -> tuple[dict, Image.Image, str]:
    """A family's snapshot at the settings' epoch, its sample sheet (of `z`, else the settings' latents)
    and the sheet's caption: what the page, its downloads and the presets show."""
    entry = at_epoch(family, s.epoch)
    # the caption is page text under the sheet and the downloads' band, not baked in at the sheet's scale
    return entry, grid(entry["name"], latents(s) if z is None else z), caption(entry, s)


def sheets(s: Settings) -> list[tuple[dict, Image.Image, str]]:
    """Both families' sheet() on the same latents: the page's two sample sheets side by side."""
    z = latents(s)
    return [sheet(family, s, z) for family in FAMILIES]


def interpolation_at(family: str, s: Settings) -> tuple[Image.Image, str]:
    """A family's interpolation at the settings' epoch and seed, and its caption."""
    entry = at_epoch(family, s.epoch)
    return interpolation(entry["name"], s.seed), interpolation_caption(entry, s.seed)


def interpolation_caption(entry: dict, seed: int) -> str:
    return f"{entry['name']}: a line between two latent vectors (seed {seed})"


def interpolation(name: str, seed: int, steps: int = 10) -> Image.Image:
    """A straight line between two latent vectors, decoded by one snapshot."""
    z = gan.latents(2, seed=seed)
    t = torch.linspace(0, 1, steps).unsqueeze(1)
    images = gan.generate(generator(name), (1 - t) * z[0] + t * z[1])
    return contact_sheet([to_pil(x) for x in images], columns=steps, cell=72)


SERIES_CELL = 240   # px per epoch on the series sheet


def series_sheet(family: str) -> Image.Image:
    """Every snapshot of a family, 16 fixed-batch samples each, one labelled cell per epoch."""
    z = fixed_latents()[:16]
    cells = [grid(e["name"], z, columns=4, cell=40) for e in snapshots(family)]
    labels = [f"epoch {e['epoch']}: {e['metrics']['classes_covered']} classes" for e in snapshots(family)]
    return contact_sheet(cells, labels, columns=len(cells), cell=SERIES_CELL)


def series_caption(family: str) -> str:
    """What the series sheet shows, under it and on its downloads."""
    return (f"{FAMILIES[family]} across epochs, fixed latent batch (classes covered by 10,000 samples, judged by "
            f"the digit classifier)")


SERIES_FRAME_MS = 700


def series_frames(family: str) -> list[Image.Image]:
    """The fixed batch drawn by each snapshot in turn: the frames of the series animation."""
    z = fixed_latents()
    return [grid(e["name"], z, caption=f"{FAMILIES[family]} · epoch {e['epoch']}") for e in snapshots(family)]


def series_gif(family: str) -> bytes:
    return gif_bytes(series_frames(family), duration_ms=SERIES_FRAME_MS)


def series_png(family: str, s: Settings, sheet: Image.Image | None = None) -> bytes:
    """The series sheet (`sheet`, if made already) with its caption, as a PNG carrying the settings."""
    sheet = series_sheet(family) if sheet is None else sheet
    return png_bytes(captioned(sheet, series_caption(family)), state(s, family, "series"))


def series_exports(family: str, s: Settings, sheet: Image.Image | None = None) -> list[Export]:
    """The series' downloads: its animation, and its sheet (`sheet`, if made already) captioned, with the settings."""
    return [Export("Series as GIF", f"gan-{family}-series.gif", "image/gif", lambda: series_gif(family)),
            Export("Contact sheet (PNG)", f"gan-{family}-series.png", "image/png",
                   lambda: series_png(family, s, sheet))]


def measure(name: str, samples: int | None = None, seed: int | None = None) -> tuple[list[int], int, float]:
    """Re-count the classes a snapshot draws, as the training script did: the same judge, and by
    default the sample count and seed its manifest entry records."""
    from studio.models.classifier import predict

    recorded = zoo.entry(name)["metrics"]
    z = gan.latents(samples or recorded["samples"], seed=recorded["sample_seed"] if seed is None else seed)
    labels = predict(zoo_classifier(), gan.generate(generator(name), z))
    return gan.class_stats(labels)


@cached(maxsize=1)
def zoo_classifier() -> torch.nn.Module:
    return zoo.load_model("mnist-classifier")


def charts(s: Settings, shown: list[tuple[dict, Image.Image, str]]) -> tuple:
    """The page's two charts under the sheets (sheets()): the shown snapshots' class histograms, and classes
    covered and entropy over the epochs with the settings' epoch marked."""
    return histogram_figure([entry for entry, _, _ in shown]), coverage_figure(s.epoch)


def histogram_figure(entries: list[dict]):
    """Plotly bars: the class histogram of each given snapshot (from the manifest)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for e, colour in zip(entries, ("#e8590c", "#1c7ed6")):
        m = e["metrics"]
        fig.add_trace(go.Bar(x=[str(d) for d in range(10)], y=m["class_histogram"], marker_color=colour,
                             name=f"{FAMILIES[e['family']]} · epoch {e['epoch']}: {m['classes_covered']} classes, "
                                  f"{m['class_entropy_bits']:.2f} bits"))
    # the threshold is named in the legend: a label on the line itself sat over the bars
    fig.add_hline(y=gan.COVERED_SHARE * 10_000, line_dash="dot", line_color="#495057")
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line={"dash": "dot", "color": "#495057"},
                             name=f"{gan.COVERED_SHARE:.0%} of samples: the digit counts as covered"))
    fig.update_layout(template="plotly_white", barmode="group", height=340, xaxis_title="digit (classifier's label)",
                      yaxis_title="samples of 10,000", margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": 1.15})
    return fig


def coverage_figure(current_epoch: int | None = None):
    """Classes covered and class entropy over epochs for both families, collapse marked."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for family, colour in zip(FAMILIES, ("#e8590c", "#1c7ed6")):
        shots = snapshots(family)
        x = [e["epoch"] for e in shots]
        fig.add_trace(go.Scatter(x=x, y=[e["metrics"]["classes_covered"] for e in shots], mode="lines+markers",
                                 name=f"{FAMILIES[family]}: classes covered", line={"color": colour}))
        fig.add_trace(go.Scatter(x=x, y=[e["metrics"]["class_entropy_bits"] for e in shots], mode="lines",
                                 name=f"{FAMILIES[family]}: entropy (bits)", line={"color": colour, "dash": "dot"}),
                      secondary_y=True)
        collapsed = [e for e in shots if e["metrics"]["classes_covered"] <= COLLAPSE_COVERED
                     and not not_digits_note(e)]   # blobs at epoch 1 are not a collapse
        if collapsed:
            fig.add_trace(go.Scatter(x=[e["epoch"] for e in collapsed],
                                     y=[e["metrics"]["classes_covered"] for e in collapsed], mode="markers",
                                     name=f"{FAMILIES[family]}: collapsed (≤ {COLLAPSE_COVERED} classes)",
                                     marker={"symbol": "x", "size": 13, "color": "#c92a2a"}))
    fig.add_hrect(y0=0, y1=COLLAPSE_COVERED + 0.5, fillcolor="#c92a2a", opacity=0.07, line_width=0)
    if current_epoch is not None:
        fig.add_vline(x=current_epoch, line_dash="dash", line_color="gray")
    fig.update_xaxes(title_text="epoch", type="log", tickvals=list(epochs()))
    fig.update_yaxes(title_text="classes covered (of 10)", range=[0, 10.5], secondary_y=False)
    fig.update_yaxes(title_text="entropy (bits; uniform = 3.32)", range=[0, 3.5], secondary_y=True)
    fig.update_layout(template="plotly_white", height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": -0.3})
    return fig
