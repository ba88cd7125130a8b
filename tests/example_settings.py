"""A settings class that uses every kind of control, for the controls and front-end tests."""

from dataclasses import dataclass

from studio.controls import Settings, control
from studio.errors import StudioError


@dataclass(frozen=True)
class ExampleSettings(Settings):
    title = "Example"
    steps: int = control("Steps", 10, min=1, max=50, help="How many updates.")
    strength: float = control("Strength", 0.5, min=0.0, max=2.0, step=0.05)
    weight: float = control("Style weight", 1e4, min=1.0, max=1e8, log=True, step=0.5)
    layer: str = control("Layer", "mid", choices=("early", "mid", "late"),
                         choice_labels=("early: strokes", "middle: eyes", "late: dogs"))
    keep_colour: bool = control("Keep colours", False)
    seed: int = control("Seed", 0, min=0, max=2**31 - 1, number_box=True)

    def check(self) -> None:
        if self.layer == "late" and self.steps > 40:
            raise StudioError("Late layers with more than 40 steps take too long here.")
