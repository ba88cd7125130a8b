"""Named starting points for every demo, as data: both front ends offer them in a menu and as
`?preset=NAME`, `python -m studio presets` lists them and `python -m studio render` draws them.

A preset names its demo, the page's settings it changes (by section: a section is one settings
class on the page, named as the Streamlit page keys it, e.g. 'vae.grid'), which of the page's
results it shows (its view) and, for style transfer, which photo and painting(s) it uses.
Everything a preset leaves out keeps the control's default.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from typing import Any

from studio.controls import Settings
from studio.errors import StudioError


@dataclass(frozen=True)
class Preset:
    demo: str
    name: str                                  # as in ?preset=NAME (letters, digits, dashes)
    title: str                                 # the slide's title
    description: str                           # one line: what it shows and why
    settings: dict[str, dict[str, Any]]        # section -> field -> value (only what differs)
    view: str = ""                             # which result of the page ('' = the page's main one)
    # choices outside the settings classes: style transfer's content, painting, painting2 (gallery
    # keys); the GAN family a snapshot view shows
    picks: dict[str, str] = field(default_factory=dict)
    # Where the preset opens (issue 23): the widget key of what it is about (a Start button, a result, a
    # section), which both front ends scroll to the top of the screen; `run`: the key of the button that
    # makes its result, pressed as it opens where that costs a few seconds (Gradio in the browser, links.FOCUS_JS;
    # Streamlit on the server, streamlit_ui.preset_button): the preset opens on its result.
    target: str = ""
    run: str = ""

    def values(self, section: str) -> dict[str, Any]:
        return dict(self.settings.get(section, {}))


# What each demo's presets.py declares: SECTIONS (section -> "module.SettingsClass" of its folder, imported on
# demand, so listing presets does not load MNIST or the GAN zoo), VIEWS (the views its render()
# knows, the first the page's main result), PRESETS and, where a section's name does not say which
# view shows it, SECTION_VIEWS (section -> view). Gathered from the registry on first use.
PICKS = ("content", "painting", "painting2")   # style transfer's image pickers (gallery keys)
_GATHERED: dict[str, Any] = {}


def _gathered() -> dict[str, Any]:
    if not _GATHERED:
        from studio.demos import DEMOS

        pages = {d.key: importlib.import_module(d.module("presets")) for d in DEMOS
                 if importlib.util.find_spec(d.module("presets"))}   # a demo may have no presets
        _GATHERED.update(SECTIONS={k: m.SECTIONS for k, m in pages.items()},
                         VIEWS={k: m.VIEWS for k, m in pages.items()},
                         SECTION_VIEWS={k: getattr(m, "SECTION_VIEWS", {}) for k, m in pages.items()},
                         PRESETS=tuple(p for m in pages.values() for p in m.PRESETS))
    return _GATHERED


def __getattr__(name: str):
    """presets.SECTIONS, presets.VIEWS and presets.PRESETS: every demo's, gathered when first read."""
    if name in ("SECTIONS", "VIEWS", "PRESETS"):
        return _gathered()[name]
    raise AttributeError(name)


def settings_class(demo: str, section: str) -> type[Settings]:
    module, name = _gathered()["SECTIONS"][demo][section].rsplit(".", 1)   # "walk.GridSettings"
    return getattr(importlib.import_module(f"studio.demos.{demo}.{module}"), name)


def sections(demo: str) -> dict[str, type[Settings]]:
    return {section: settings_class(demo, section) for section in _gathered()["SECTIONS"][demo]}


def view_of(demo: str, section: str) -> str:
    """The view (tab) that shows a section: the page's SECTION_VIEWS, else the view the section is
    named after ('vae.interp' -> 'interp'), else the page's main view."""
    views = _gathered()["VIEWS"][demo]
    named = _gathered()["SECTION_VIEWS"][demo].get(section) or section.rsplit(".", 1)[-1]
    return named if named in views else views[0]


def find(name: str) -> Preset | None:
    """The preset of that name on any page (names are unique across the studio), or None."""
    return next((p for p in _gathered()["PRESETS"] if p.name == name), None)


def all_presets(demo: str | None = None) -> list[Preset]:
    return [p for p in _gathered()["PRESETS"] if demo is None or p.demo == demo]


def get(name: str, demo: str | None = None) -> Preset:
    for p in _gathered()["PRESETS"]:
        if p.name == name and (demo is None or p.demo == demo):
            return p
    known = ", ".join(p.name for p in all_presets(demo))
    raise StudioError(f"There is no preset called '{str(name)[:40]}'. Presets: {known}.")


def default_preset(demo: str) -> Preset:
    """The page's own starting point (what the benchmarks time)."""
    return all_presets(demo)[0]


# Values a preset can give in words, resolved when it is used (the epochs come from the zoo).
def _resolve(demo: str, section: str, values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    if demo == "gan" and values.get("epoch") == "last":
        values["epoch"] = settings_class(demo, section).control_of("epoch").choices[-1]
    return values


def settings_of(preset: Preset) -> dict[str, Settings]:
    """The validated settings of every section of the preset's page (defaults where it says nothing)."""
    return {section: cls.from_values(_resolve(preset.demo, section, preset.values(section)))
            for section, cls in sections(preset.demo).items()}


def listing() -> str:
    """`python -m studio presets`: every preset, by demo, with its link and what it shows."""
    from studio.demos import DEMOS

    # a preset names its page: the bare link opens that page, on the studio's address in either front end
    lines = ["Each link opens its page in either front end, after the studio's address",
             "(http://localhost:8501/?preset=NAME in Streamlit, http://localhost:7860/?preset=NAME in Gradio).", ""]
    for d in DEMOS:
        ps = all_presets(d.key)
        if not ps:
            continue
        lines.append(f"{d.title}")
        for p in ps:
            lines.append(f"  {p.name:<18} {p.title}")
            lines.append(f"  {'':<18} {p.description}")
            lines.append(f"  {'':<18} ?preset={p.name}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
