"""Settings dataclasses whose fields carry their own UI spec.

A demo declares its settings once:

    @dataclass(frozen=True)
    class DreamSettings(Settings):
        steps: int = control("Steps per octave", 10, min=1, max=100, help="...")
        step_size: float = control("Step size", 0.02, min=0.001, max=0.5, log=True, help="...")
        layer: str = control("Layer", "inception4c", choices=("inception3b", "inception4c"))

Both front ends render widgets from these specs (studio/ui/), so a range is written once,
and the dataclass validates and clamps whatever a front end (or a URL, or a test) sends:
numbers are clamped into range with a notice, unknown choices are refused with a message.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar

from studio.errors import StudioError


MAX_TEXT = 200          # a text setting is a class name or a list of indices, never a page of text
MAX_ECHO = 40           # how much of a refused value a message repeats back


def echo(value: Any) -> str:
    """A value as an error message quotes it: short, on one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_ECHO else text[:MAX_ECHO - 1] + "…"


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


def literal(text: Any) -> str:
    """Text a visitor chose (a file name inside a ZIP), escaped so that markdown shows it as it is:
    '**bold** [x](http://…).png' stays those characters, not bold text and a link."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


@dataclass(frozen=True)
class Control:
    """How one setting looks and what it accepts."""

    label: str
    default: Any
    help: str = ""
    min: float | None = None
    max: float | None = None
    step: float | None = None
    log: bool = False                 # slider moves over log10(value)
    choices: tuple[Any, ...] | None = None
    choice_labels: tuple[str, ...] | None = None
    number_box: bool = False          # a typed number (e.g. seed) instead of a slider
    default_from: Callable[[], Any] | None = None   # a default found when first asked (e.g. on disk), not at import
    choice_slider: bool = False       # choices shown as stops on a slider / a row of radio buttons

    @property
    def kind(self) -> str:
        if self.choices is not None:
            return "choice"
        if isinstance(self.default, bool):
            return "bool"
        if isinstance(self.default, int):
            return "int"
        if isinstance(self.default, float):
            return "float"
        return "text"

    # --- the widget's own coordinates: what both renderers show -----------------------
    def widget_range(self) -> tuple[float, float, float, float]:
        """(min, max, step, value) as the slider shows them (exponents for log controls)."""
        if self.log:
            lo, hi = math.log10(self.min), math.log10(self.max)
            return lo, hi, self.step or 0.1, round(math.log10(self.default), 6)
        step = self.step if self.step is not None else (1 if self.kind == "int" else (self.max - self.min) / 100)
        return self.min, self.max, step, self.default

    def from_widget(self, value: Any) -> Any:
        if not self.log:
            return value
        try:
            exponent = float(value)
        except (TypeError, ValueError, OverflowError):
            return value   # not a number: coerce() says so
        if not math.isfinite(exponent):
            return exponent   # NaN and ±inf: coerce() says so
        # 10 ** 400 overflows; coerce() clamps anything this far out anyway.
        value = 10.0 ** min(max(exponent, -300.0), 300.0)
        return self._stop_value(value) if self._on_stop(exponent) else float(f"{value:.6g}")

    def to_widget(self, value: Any) -> Any:
        if not self.log:
            return value
        exponent = math.log10(value)
        stop = round(exponent / self._log_step()) * self._log_step()
        # a value that is a slider stop (0.005 is the stop -2.3) shows as that stop, not -2.30103
        return round(stop, 6) if self._stop_value(10.0 ** stop) == value else round(exponent, 6)

    def value_text(self, value: Any) -> str:
        """A value as people write it (0.005, 1e-5, 100)."""
        return f"{value:.3g}".replace("e-0", "e-").replace("e+0", "e") if isinstance(value, float) else str(value)

    def widget_label(self, widget_value: Any) -> str:
        """The label both front ends give the widget: a log slider moves over exponents, so its label
        says the value itself ("Step size = 0.01 (slider: log₁₀)", not -2); any other, its label."""
        if not self.log:
            return self.label
        value = self.from_widget(widget_value)
        shown = self.value_text(value) if isinstance(value, float) and math.isfinite(value) else "?"
        return f"{self.label} = {shown} (slider: log₁₀)"

    # A log slider's stops every 0.1 of a decade are 10^(k/10) = 1.2589…, 1.5849…: they stand for
    # the round numbers 1.3, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 7.9 (two significant digits), so a rate
    # picked on the slider is 0.005, not 0.0050119.
    def _log_step(self) -> float:
        return self.step or 0.1

    def _on_stop(self, exponent: float) -> bool:
        k = exponent / self._log_step()
        return self._log_step() <= 0.1 + 1e-12 and abs(k - round(k)) < 1e-6

    @staticmethod
    def _stop_value(value: float) -> float:
        return float(f"{value:.2g}")

    def label_of(self, choice: Any) -> str:
        if self.choice_labels is None:
            return str(choice)
        return self.choice_labels[self.choices.index(choice)]

    # --- validation ---------------------------------------------------------------------
    def coerce(self, name: str, value: Any) -> tuple[Any, str | None]:
        """(valid value, notice or None). Raises StudioError for a value that makes no sense."""
        kind = self.kind
        if kind == "choice":
            if value in self.choices:
                return value, None
            for c in self.choices:   # '20' from a URL or 20.0 from JSON for the choice 20
                if not isinstance(c, str) and str(value).strip() in (str(c), f"{c}.0"):
                    return c, None
            shown = ", ".join(self.label_of(c) for c in self.choices[:12])
            raise StudioError(f"'{echo(value)}' is not an option for {self.label}. Pick one of: {shown}.")
        if kind == "bool":
            if isinstance(value, str):   # a URL or an API client sends text
                return value.strip().lower() in ("1", "true", "yes", "on"), None
            return bool(value), None
        if kind == "text":
            text = "" if value is None else str(value)
            if len(text) > MAX_TEXT:
                return text[:MAX_TEXT], f"{self.label} was cut to its first {MAX_TEXT} characters."
            return text, None
        try:
            if isinstance(value, str) and not value.strip():
                raise ValueError
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise StudioError(f"{self.label} must be a number, not '{echo(value)}'.") from None
        if not math.isfinite(number):
            return self.default, f"{self.label} was {echo(value)}; the default {self.default} was used."
        clamped = min(max(number, self.min), self.max) if self.min is not None else number
        result = int(round(clamped)) if kind == "int" else float(clamped)
        if clamped != number:
            edge = "maximum" if number > clamped else "minimum"
            return result, f"{self.label} was {echo(value)}; the {edge} {result:g} was used."
        return result, None


SEED_MAX = 2**31 - 1


def seed_control(label: str = "Seed", help: str = "Same seed and settings, same picture."):
    """The one seed control every demo uses: a typed whole number, 0 to 2³¹ − 1."""
    return control(label, 0, min=0, max=SEED_MAX, number_box=True, help=help)


def control(label: str, default: Any, **spec: Any):
    """A dataclass field with its UI spec attached. `default` may be a `Lazy(fn)`: then fn() gives the
    default each time it is needed (say, the first network whose weights are here), never at import."""
    if spec.get("log") and (spec.get("min") is None or spec["min"] <= 0):
        raise ValueError(f"log control '{label}' needs a positive min")
    if "choices" in spec:
        spec["choices"] = tuple(spec["choices"])
        if "choice_labels" in spec:
            spec["choice_labels"] = tuple(spec["choice_labels"])
    if isinstance(default, Lazy):
        return field(default_factory=default.fn,
                     metadata={"control": Control(label=label, default=None, default_from=default.fn, **spec)})
    return field(default=default, metadata={"control": Control(label=label, default=default, **spec)})


@dataclass(frozen=True)
class Lazy:
    """A control's default that must be looked up when used, not when the module is imported."""
    fn: Callable[[], Any]


@dataclass(frozen=True)
class Settings:
    """Base of every demo's settings: validation, clamping, captions."""

    title: ClassVar[str] = "Settings"
    # Named groups of fields, in the order both front ends lay them out (a heading or an
    # accordion each); a demo without groups shows its controls in declaration order.
    groups: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __post_init__(self) -> None:
        notices = []
        for name, ctl in self.controls():
            value, notice = ctl.coerce(name, getattr(self, name))
            object.__setattr__(self, name, value)
            if notice:
                notices.append(notice)
        notices += self.check() or ()
        # The one place a frozen Settings is written: while it is being made, by its own validation.
        object.__setattr__(self, "_notices", tuple(notices))

    def check(self) -> tuple[str, ...] | None:
        """Rules between fields: raise StudioError for a combination that cannot run, or return
        notices for one that runs but deserves a word (shown beside the result)."""

    @property
    def notices(self) -> tuple[str, ...]:
        """What validation changed, in sentences (shown beside the result)."""
        return self._notices

    @classmethod
    def controls(cls) -> list[tuple[str, Control]]:
        out = []
        for f in dataclasses.fields(cls):
            ctl = f.metadata.get("control")
            if ctl is not None and ctl.default_from is not None:
                ctl = dataclasses.replace(ctl, default=ctl.default_from(), default_from=None)
            if ctl is not None:
                out.append((f.name, ctl))
        return out

    @classmethod
    def control_of(cls, name: str) -> Control:
        return dict(cls.controls())[name]

    @classmethod
    def group(cls, name: str) -> list[str]:
        return list(cls.groups[name])

    @classmethod
    def from_values(cls, values: dict[str, Any]):
        """Build from loose values (a form, a URL, a test); unknown keys are ignored."""
        names = {n for n, _ in cls.controls()}
        return cls(**{k: v for k, v in values.items() if k in names})

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name, _ in self.controls()}

    def caption(self, skip: tuple[str, ...] = ()) -> str:
        """One line naming every setting (but those skipped: ones the picture did not use): enough
        to reproduce the picture."""
        parts = []
        for name, ctl in self.controls():
            if name in skip:
                continue
            value = getattr(self, name)
            shown = f"{value:.3g}" if isinstance(value, float) else str(value)
            parts.append(f"{name}={shown}")
        return f"{self.title} · " + " · ".join(parts)
