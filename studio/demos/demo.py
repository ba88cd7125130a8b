"""What the registry knows of a demo: the record each demo folder's __init__.py declares as DEMO."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Demo:
    key: str
    title: str
    icon: str
    page: str            # Streamlit page file, relative to the repository root
    teaches: str
    needs: str           # what must be on this computer (see `python -m studio status`)
    backbones: tuple[str, ...] = ()   # ImageNet networks it can use (studio.backbones names)
    mnist: bool = False               # reads the MNIST test digits
    models: tuple[str, ...] = ()      # modules defining its pretrained/ architectures (zoo imports them)

    def module(self, name: str) -> str:
        """The dotted name of one of the demo's modules: module("presets") -> studio.demos.<key>.presets."""
        return f"studio.demos.{self.key}.{name}"

    # Until a demo's front ends exist, both front ends say it is coming.
    @property
    def streamlit_module(self) -> str:
        return self.module("streamlit")

    @property
    def gradio_module(self) -> str:
        return self.module("gradio")

    @property
    def ready(self) -> bool:
        return importlib.util.find_spec(self.streamlit_module) is not None

    @property
    def order(self) -> int:
        """Its place in the studio: the number its Streamlit page stub starts with (pages/1_DeepDream.py)."""
        return int(re.match(r"pages/(\d+)_", self.page).group(1))
