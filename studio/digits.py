"""Turn a photo or drawing of a digit into MNIST form, keeping every step to show students.

MNIST digits are white on black, the digit's bounding box scaled to fit 20×20 pixels and
placed in a 28×28 frame so that its centre of mass sits in the middle. A user's photo is
usually dark ink on light paper, off-centre, with uneven light; each step below undoes one
of those differences. One implementation, used by the VAE and the denoising pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import torch
from PIL import Image

from studio.errors import StudioError
from studio.images import load_image, to_rgb


@dataclass
class MnistDigit:
    tensor: torch.Tensor                      # (1, 1, 28, 28) float in [0, 1], white digit on black
    steps: list[tuple[str, Image.Image]]      # (what happened, picture after it)
    inverted: bool


def _gray(img: Image.Image) -> np.ndarray:
    return np.asarray(to_rgb(img).convert("L"), dtype=np.float32) / 255.0


def _picture(arr: np.ndarray) -> Image.Image:
    return Image.fromarray((arr.clip(0, 1) * 255).round().astype(np.uint8), "L")


def to_mnist(image: Image.Image) -> MnistDigit:
    """A digit image of any size and polarity -> an MNIST-like 28×28 tensor, with the steps."""
    steps = [("your image", to_rgb(image))]
    gray = _gray(image)
    steps.append(("grey", _picture(gray)))

    # Paper is the majority of the border; if it is light, the ink is dark: invert.
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    inverted = float(np.median(border)) > 0.5
    ink = 1.0 - gray if inverted else gray
    if inverted:
        steps.append(("inverted (MNIST is white on black)", _picture(ink)))

    # Remove the background level and stretch the ink to full white.
    background = float(np.median(np.concatenate([ink[0], ink[-1], ink[:, 0], ink[:, -1]])))
    ink = np.clip(ink - background, 0, None)
    peak = float(ink.max())
    if peak < 0.15:
        raise StudioError("No digit found: the image is almost uniform. Draw or photograph a darker, larger digit.")
    ink = np.clip(ink / peak, 0, 1)
    ink[ink < 0.15] = 0.0  # paper texture and shadows
    steps.append(("background removed, contrast stretched", _picture(ink)))

    rows, cols = np.nonzero(ink)
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    crop = ink[top:bottom, left:right]
    steps.append(("cropped to the digit", _picture(crop)))

    # Longer side to 20 px, as in MNIST's preprocessing (antialiased, keeps the aspect ratio).
    h, w = crop.shape
    scale = 20.0 / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = np.asarray(_picture(crop).resize(size, Image.LANCZOS), dtype=np.float32) / 255.0

    # Place in 28×28 with the centre of mass where MNIST has it: pixel (14, 14) on average
    # over the test set (measured), not the geometric 13.5.
    mass = small.sum()
    cy = (np.arange(small.shape[0])[:, None] * small).sum() / mass
    cx = (np.arange(small.shape[1])[None, :] * small).sum() / mass
    y0 = int(round(14.0 - cy))
    x0 = int(round(14.0 - cx))
    y0 = min(max(y0, 0), 28 - small.shape[0])
    x0 = min(max(x0, 0), 28 - small.shape[1])
    frame = np.zeros((28, 28), dtype=np.float32)
    frame[y0:y0 + small.shape[0], x0:x0 + small.shape[1]] = small
    steps.append(("20 px box, centred by mass in 28×28", _picture(frame)))
    tensor = torch.from_numpy(frame.clip(0, 1)).view(1, 1, 28, 28)
    return MnistDigit(tensor=tensor, steps=steps, inverted=inverted)


def load_digit(source: bytes | str | Path | BinaryIO) -> MnistDigit:
    """An uploaded file (checked like every upload) -> MNIST form."""
    return to_mnist(load_image(source, max_side=1024).image)


def load_drawing(source: bytes | str | Path | BinaryIO) -> MnistDigit | None:
    """A sketchpad's picture in MNIST form, or None while nothing is drawn on it (one colour)."""
    image = load_image(source, max_side=1024).image
    arr = np.asarray(image)
    return None if arr.min() == arr.max() else to_mnist(image)
