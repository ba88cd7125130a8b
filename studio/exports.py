"""What every result can be downloaded as, in both front ends: the PNG (settings inside), the PNG
with its caption underneath, a 1920×1080 slide and, for a run with several pictures, a GIF.

Each export encodes only when asked (`make()`), so Streamlit builds a file when its button is
clicked and Gradio when it writes the files for a finished run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from PIL import Image

from studio import slides
from studio.images import captioned, gif_bytes, png_bytes


@dataclass(frozen=True)
class Export:
    label: str
    filename: str
    mime: str
    make: Callable[[], bytes]
    help: str | None = None


def exports(name: str, image: Image.Image, caption: str, settings: dict, frames: Sequence[Image.Image] = (),
            duration_ms: int = 120, title: str | None = None) -> list[Export]:
    out = [
        Export("PNG", f"{name}.png", "image/png", lambda: png_bytes(image, settings, caption)),
        Export("PNG with caption", f"{name}-captioned.png", "image/png",
               lambda: png_bytes(captioned(image, caption), settings, caption)),
        Export("Slide", f"{name}-slide.png", "image/png",
               lambda: slides.slide_png(image, title or slides.title_of(caption), caption, settings),
               help="1920×1080 PNG for a lecture slide: a title, the result large, a short caption; "
                    "every setting inside the file (drop it on the page to restore them)."),
    ]
    if len(frames) > 1:
        out.append(Export("GIF", f"{name}.gif", "image/gif", lambda: gif_bytes(frames, duration_ms=duration_ms)))
    return out
