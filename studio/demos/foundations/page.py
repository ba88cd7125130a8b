"""What both Foundations front ends show and save, built from the core (no UI framework here): the
state a download carries, the downloads of each result, the prompts before there is one."""

from __future__ import annotations

from typing import Callable

from studio import links
from studio.demos.foundations import paint, stats
from studio.errors import StudioError

UPLOAD_PROMPT = "Upload a few pictures (or one ZIP of them) to see your set's mean and standard deviation."
# view -> its tab's label (the race is under the painting, on its tab)
VIEWS = {"stats": "Dataset statistics", "paint": "Learn to paint", "race": "Learn to paint",
         "many": "Paint many images"}
RACE_TITLE = "Without and with: two settings, equal steps"


def state(view: str = "", **sections) -> dict:
    """What a download carries: the page, its view and the settings of the section(s) it shows."""
    return links.state("foundations", {f"foundations.{name}": s for name, s in sections.items()},
                       view or next(iter(sections)))


def stats_download(r: stats.DatasetStats, pair=None) -> dict:
    """The mean and std pair's downloads (PNG, captioned, slide): studio.exports' arguments."""
    s = r.settings
    return dict(name=f"foundations-stats-{s.source}", image=r.mean_and_std() if pair is None else pair,
                caption=r.caption(), settings=state(stats=s))


def download(trainer: paint.Painter | paint.Race | None, sheet=None) -> dict:
    """The downloads of what has been painted so far (a painting and a GIF of its training, many
    paintings, or a race): studio.exports' arguments. Nothing painted yet: a StudioError saying so."""
    race = isinstance(trainer, paint.Race)
    if trainer is None or not trainer.step:
        raise StudioError(f"Start the {'race' if race else 'training'} first: there is nothing painted yet.")
    made = dict(image=trainer.comparison() if sheet is None else sheet, caption=trainer.caption())
    if race:
        a, b = trainer.settings
        return dict(made, name="foundations-race", title=RACE_TITLE,
                    settings=state("race", paint=a, race=paint.RaceSettings.from_values(b.to_dict())))
    s = trainer.settings
    if isinstance(s, paint.ManySettings):
        return dict(made, name="foundations-paint-many", settings=state(many=s), frames=trainer.paintings)
    return dict(made, name=f"foundations-paint-{s.image}", settings=state(paint=s), frames=trainer.paintings)


def training(settings, picture=None) -> tuple[tuple, Callable[[], paint.Painter | paint.Race]]:
    """A live training's identity, its settings and the uploaded picture's digest (the training so far is kept
    while they stay the same; a picture counts only while the settings paint "yours"), and how to make it: a
    painter of one setting (or of many pictures), or a race of (setting A, setting B)."""
    if not _yours(settings):
        picture = None
    ident = (settings, picture.digest if picture is not None else None)
    if isinstance(settings, tuple):
        return ident, lambda: paint.race(*settings, picture)
    return ident, lambda: paint.painter(settings, picture)


def _yours(settings) -> bool:
    """Whether the settings (of a race, setting A's) paint an uploaded picture."""
    return getattr(settings[0] if isinstance(settings, tuple) else settings, "image", None) == "yours"


def picture_prompt(settings, picture=None) -> str | None:
    """What to upload first, when the settings (of a race, setting A's) paint "yours" and there is no picture yet."""
    if picture is not None or not _yours(settings):
        return None
    if isinstance(settings, tuple):
        return "Upload a picture above, or choose a sample photo, to race two settings on it."
    return "Upload a picture for the network to paint, or choose a sample photo."


def live_view(trainer: paint.Painter | paint.Race) -> tuple:
    """What both front ends show of a training as it goes: the painting(s) beside the picture(s), the chart."""
    return trainer.comparison(), trainer.figure()


def picture_view(trainer: paint.Painter) -> tuple:
    """live_view without its chart (Streamlit's many paintings: their numbers instead, psnr_metrics)."""
    return trainer.comparison(), None


def stats_report(r: stats.DatasetStats) -> str:
    """A measured set's text in one place (Gradio's): the summary, what was refused, the notices."""
    return "\n\n".join([r.summary()] + [f"🚫 {line}" for line in r.refusals()] + r.notices)


def psnr_metrics(p: paint.Painter) -> list[tuple[str, str, str]]:
    """Many paintings' numbers as (label, value, help): against each picture, and (one painting for all,
    no picture index) against their average."""
    out = [("PSNR against each picture", f"{p.psnr():.1f} dB",
            "Mean over the pictures of the painting's PSNR against that picture.")]
    if not p.settings.index_input:
        out.append(("PSNR against their average", f"{p.psnr_to_mean():.1f} dB",
                    "The one painting compared with the mean image of the pictures."))
    return out


def psnr_line(p: paint.Painter) -> str:
    """psnr_metrics as one line of text (Gradio's)."""
    (_, each, _), *mean = psnr_metrics(p)
    return f"PSNR against each picture: **{each}**" + "".join(f" · against their average: **{v}**" for _, v, _ in mean)
