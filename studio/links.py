"""Every state is a link: a page's settings as URL query parameters, and back.

One parameter per settings field, under the field's own name (`?octaves=6&layer=inception4c`);
a field that two settings classes of one page share is qualified by its section
(`?samples.model=vae-latent2`). `preset=NAME` starts from a preset (and names its page, so a bare
`?preset=NAME` opens it); `view=` names which result (tab) a page opens on, and a page's link
carries the tab it was copied from; style transfer's pickers are `content=`, `painting=`,
`painting2=` and the GAN page's family `family=`. Out-of-range numbers are clamped and unknown
parameters or refused values dropped, each with a notice: a link never fails to open.

A studio PNG carries its page, view and settings (state()); from_state() restores it on that page
only. No UI framework is imported here.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import urlencode

from studio import presets
from studio.controls import Settings, echo
from studio.errors import StudioError

PICKS = {"style": ("content", "painting", "painting2"), "gan": ("family",)}
PASSIVE = ("present", "demo")
# Fields whose default depends on the computer (the network: the first whose weights are there; the
# style page's approach: the fast network on a hosted studio):
# a link always names them, so it opens the same on a laptop with other weights.
ALWAYS = ("backbone", "approach")      # read by the front ends themselves (presentation mode, Gradio's tab)


@dataclass
class Link:
    """What a link asks of a page: per section the fields it sets (validated), picks, view, notices."""
    demo: str
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    picks: dict[str, str] = field(default_factory=dict)
    view: str = ""
    preset: str = ""
    notices: list[str] = field(default_factory=list)
    full: bool = False      # values name every field (a preset or a PNG): the rest go back to defaults
    target: str = ""        # a preset's: the widget key of what it is about, scrolled to (anchor())
    run: str = ""           # a preset's: the key of the button that makes its (quick) result, pressed as it opens

    def settings(self, section: str) -> Settings:
        """The section's settings as the link leaves them (defaults elsewhere)."""
        return presets.settings_class(self.demo, section).from_values(self.values.get(section, {}))

    def fields(self) -> dict[tuple[str, str], Any]:
        """(section, field) -> value for every field the link sets on its page: the ones it names,
        or all of them (defaults for the rest) when it is full, a preset or a PNG."""
        out = {}
        for section, cls in presets.sections(self.demo).items():
            given = self.values.get(section, {})
            for name, ctl in cls.controls():
                if name in given or self.full:
                    out[(section, name)] = given.get(name, ctl.default)
        return out

    @property
    def opens(self) -> str:
        """The view (tab) the page opens on: the one the link names, a full link's main one, or ''
        (a partial link leaves the tab as it is)."""
        return self.view or (presets.VIEWS[self.demo][0] if self.full else "")


def presenting(params: Mapping[str, Any]) -> bool:
    """?present=1 (or true, yes): the page opens in presentation mode."""
    return str(params.get("present", "")).lower() in ("1", "true", "yes")


def preset_notice(demo: str, name: str) -> str:
    p = presets.get(name, demo)
    return f"Preset: {p.title}. {p.description}"


def names(demo: str) -> dict[str, tuple[str, str]]:
    """URL parameter -> (section, field): the bare field name unless another section has it too."""
    classes = presets.sections(demo)
    counts: dict[str, int] = {}
    for cls in classes.values():
        for name, _ in cls.controls():
            counts[name] = counts.get(name, 0) + 1
    out = {}
    for section, cls in classes.items():
        for name, _ in cls.controls():
            out[name if counts[name] == 1 else f"{section.rsplit('.', 1)[-1]}.{name}"] = (section, name)
    return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.6g}" if math.isfinite(value) else str(value)
    return str(value)


def query(demo: str, settings: Mapping[str, Settings], picks: Mapping[str, str] | None = None,
          view: str = "") -> dict[str, str]:
    """The parameters of a page's state: every field that differs from its default (and the network,
    whose default depends on the computer)."""
    params: dict[str, str] = {}
    for param, (section, name) in names(demo).items():
        s = settings.get(section)
        if s is None:
            continue
        value, ctl = getattr(s, name), s.control_of(name)
        if value != ctl.default or name in ALWAYS:
            params[param] = _text(value)
    for name, value in (picks or {}).items():
        if name in PICKS.get(demo, ()) and value and value != "none":
            params[name] = str(value)
    if view and view != presets.VIEWS[demo][0]:
        params["view"] = view
    return params


def state(demo: str, settings: Mapping[str, Settings], view: str = "",
          picks: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What every studio PNG carries (a download, a captioned PNG, a slide): the page that made it,
    the view it shows (by default the one that shows its first section) and each section's settings
    under its own name, read back section by section by from_state()."""
    out = {"demo": demo, "view": view or presets.view_of(demo, next(iter(settings), "")),
           "settings": {section: s.to_dict() for section, s in settings.items()}}
    if picks:
        out["picks"] = dict(picks)
    return out


def page_of(params: Mapping[str, Any], current: str = "") -> str:
    """The page a link opens: the page of the preset it names (a preset names its page, so the bare
    `?preset=NAME` that `python -m studio presets` prints opens it), else its `demo=` (Gradio's tab),
    else `current` (the Streamlit page it was opened on; '' for the home page)."""
    preset = presets.find(_one(params, "preset"))
    if preset is not None and preset.demo in presets.SECTIONS:
        return preset.demo
    demo = _one(params, "demo")
    return demo if demo in presets.SECTIONS else current


def query_string(params: Mapping[str, str]) -> str:
    return ("?" + urlencode(params)) if params else ""


def _one(params: Mapping[str, Any], key: str) -> str:
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return "" if value is None else str(value)


def _check_sections(link: Link) -> None:
    """Rules between fields (a layer of another network, say): drop what breaks them, with a notice."""
    for section, values in link.values.items():
        cls = presets.settings_class(link.demo, section)
        while True:
            try:
                cls.from_values(values)
                break
            except StudioError as exc:
                dropped = next((n for n in reversed(list(values)) if _breaks(cls, values, n)), None)
                if dropped is None:
                    link.notices.append(f"The link's settings were ignored: {exc}")
                    values.clear()
                    break
                link.notices.append(f"{cls.control_of(dropped).label} '{echo(values.pop(dropped))}' does not fit "
                                    f"the other settings; the default was used. ({exc})")


def _breaks(cls: type[Settings], values: dict, name: str) -> bool:
    try:
        cls.from_values({k: v for k, v in values.items() if k != name})
        return True
    except StudioError:
        return False


def from_preset(demo: str, name: str) -> Link:
    p = presets.get(name, demo)
    settings = presets.settings_of(p)
    return Link(demo, {k: s.to_dict() for k, s in settings.items()}, dict(p.picks), p.view, p.name, full=True,
                target=p.target, run=p.run)


def anchor(target: str) -> str:
    """A widget key as both front ends name its element: Streamlit's class is 'st-key-' + this, a Gradio
    component's elem_id this ('families.samples.draw' -> 'families-samples-draw')."""
    return re.sub(r"[^a-zA-Z0-9_-]", "-", target.strip())


def parse(demo: str, params: Mapping[str, Any]) -> Link:
    """A page's link, validated: clamped numbers and dropped parameters each leave a notice."""
    link = Link(demo)
    preset = _one(params, "preset")
    if preset:
        try:
            link = from_preset(demo, preset)   # explicit parameters below still win over the preset
        except StudioError as exc:
            link.notices.append(str(exc))
    view = _one(params, "view")
    if view:
        if view in presets.VIEWS[demo]:
            link.view = view
        else:
            link.notices.append(f"This page has no view '{echo(view)}'; it opens on its first.")
    known = names(demo)
    bare: dict[str, list[tuple[str, str]]] = {}
    for section, name in known.values():
        bare.setdefault(name, []).append((section, name))
    for key in params:
        if key in ("preset", "view", *PASSIVE):
            continue
        raw = _one(params, key)
        if key in PICKS.get(demo, ()):
            link.picks[key] = raw[:200]
            continue
        targets = [known[key]] if key in known else bare.get(key, [])
        if not targets:
            link.notices.append(f"The link's '{echo(key)}' is not a setting of this page; it was ignored.")
            continue
        for section, name in targets:
            ctl = presets.settings_class(demo, section).control_of(name)
            try:
                value, notice = ctl.coerce(name, raw)
            except StudioError as exc:
                link.notices.append(f"{exc} The link's value was ignored.")
                continue
            if notice:
                link.notices.append(notice)
            link.values.setdefault(section, {})[name] = value
    _check_sections(link)
    return link


def _title(demo: str) -> str:
    from studio.demos import demo as demo_of

    return demo_of(demo).title


def made_by(maker: str) -> StudioError:
    """The sentence for a PNG dropped on another page than the one that made it."""
    return StudioError(f"This PNG was made by the {_title(maker)} page; open that page to restore it.")


def _section_of(state: Mapping[str, Any]) -> tuple[str, str]:
    """(demo, section) of an old PNG's flat settings, which name no page: the one section whose fields
    hold every setting the PNG names (a page's download held one settings object whole). Settings no
    page has (the GAN's 'snapshot' name) do not count. Section '' when several parts of one page
    fit; refused when no page, or several, fit: a PNG is restored whole on its own page or not at all."""
    fields = {}
    for demo in presets.SECTIONS:
        for section in presets.SECTIONS[demo]:
            try:   # a page this install cannot load (a partial install) made no PNG here
                fields[(demo, section)] = {n for n, _ in presets.settings_class(demo, section).controls()}
            except (ImportError, StudioError):
                continue
    known = set().union(*fields.values())
    keys = {k for k in state if k in known}
    fitting = [where for where, names_ in fields.items() if keys and keys <= names_]
    exact = [where for where in fitting if keys == fields[where]]
    found = exact or fitting
    if len(found) == 1:
        return found[0]
    pages = {demo for demo, _ in found}
    if len(pages) == 1:
        return pages.pop(), ""   # its page is known, not which part of it
    raise StudioError("The settings in this PNG do not say which page made them, so nothing was restored; "
                      "open the page that made it.")


def from_state(demo: str, state: Mapping[str, Any]) -> Link:
    """The settings a studio PNG carries as a link for this page, with the view it was made on. A PNG
    names its page (state()); one from another page is refused with a sentence naming that page.
    An old PNG's flat settings (no page named) are matched to the one section they fit, or refused."""
    if isinstance(state.get("settings"), dict):
        maker = state.get("demo")
        sections_ = presets.SECTIONS[demo]
        if maker is None:   # a state that names no page: its sections name it
            maker = next((d for d, secs in presets.SECTIONS.items() for section in state["settings"] if section in secs),
                         None)
        if maker != demo:
            if isinstance(maker, str) and maker in presets.SECTIONS:
                raise made_by(maker)
            raise StudioError("The settings in this PNG are not this page's; open the page that made it.")
        given = {section: values for section, values in state["settings"].items()
                 if section in sections_ and isinstance(values, dict)}
        if not given:
            raise StudioError("This PNG names this page but carries none of its settings; nothing was restored.")
        view = state.get("view") or presets.view_of(demo, next(iter(given)))
        picks = state.get("picks") if isinstance(state.get("picks"), dict) else {}
    else:
        maker, section = _section_of(state)
        if maker != demo:
            raise made_by(maker)
        if not section:
            raise StudioError("The settings in this PNG fit more than one part of this page and do not say "
                              "which; nothing was restored.")
        given, view, picks = {section: dict(state)}, presets.view_of(demo, section), {}
    flat: dict[str, Any] = {}
    qualified = {v: k for k, v in names(demo).items()}
    for section, values in given.items():
        for name, value in values.items():
            if (section, name) in qualified:
                flat[qualified[(section, name)]] = value
    flat.update({k: v for k, v in picks.items() if k in PICKS.get(demo, ())})
    if view:
        flat["view"] = view
    link = parse(demo, {k: _text(v) for k, v in flat.items()})
    link.full = True
    return link


# A preset opens where its result is (issue 23): the browser waits for the element it is about (drawn,
# on the open tab, the page no longer running), scrolls it to the top of the screen (below Streamlit's
# toolbar) and, for a quick result, clicks its button (Gradio; Streamlit presses it on the server as the page
# is built, streamlit_ui.preset_button). One script for both front ends: Streamlit marks a widget with the
# class 'st-key-<anchor>', Gradio a component with the id '<anchor>'.
FOCUS_JS = """(a, run) => {
  const shown = (b) => [...document.querySelectorAll(".st-key-" + b + ", #" + b)].find(e => e.offsetParent !== null);
  const busy = () => { const app = document.querySelector("[data-testid=stApp]");
    return !!app && app.getAttribute("data-test-script-state") !== "notRunning"; };
  let tries = 0;
  const tick = () => {
    const el = shown(a), go = run ? shown(run) : null;
    // up to 5 min: a cold page on a busy classroom laptop can run for a minute before its button is there
    if (!el || (run && !go) || busy()) { if (++tries < 3000) setTimeout(tick, 100); return; }
    el.style.scrollMarginTop = "64px";
    el.scrollIntoView({block: "start"});
    if (go) (go.matches("button") ? go : go.querySelector("button")).click();
  };
  tick();
}"""


def focus_script(target: str, run: str = "") -> str:
    """FOCUS_JS called on a preset's target and the button it runs (links.Link.target, .run: widget keys)."""
    return f"({FOCUS_JS})({json.dumps(anchor(target))}, {json.dumps(anchor(run) if run else '')});"
