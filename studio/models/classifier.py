"""A small CNN digit classifier: the judge that says which digits a GAN draws.

Two conv blocks (28 -> 14 -> 7) and a dense head, pytorch/examples style. It takes
images in [0, 1] and normalises them itself, so callers never need MNIST's statistics.
"""

from __future__ import annotations

import torch
from torch import nn

from studio import zoo

MNIST_MEAN, MNIST_STD = 0.1307, 0.3081


@zoo.architecture("mnist-cnn")
class DigitClassifier(nn.Module):
    def __init__(self, width: int = 32, hidden: int = 128):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),              # 28 -> 14
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))      # 14 -> 7
        self.head = nn.Sequential(
            nn.Flatten(), nn.Dropout(0.25), nn.Linear(2 * width * 7 * 7, hidden), nn.ReLU(),
            nn.Dropout(0.25), nn.Linear(hidden, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits (N, 10) for images (N, 1, 28, 28) in [0, 1]."""
        return self.head(self.features((x - MNIST_MEAN) / MNIST_STD))


@torch.inference_mode()
def predict(model: nn.Module, images: torch.Tensor, batch: int = 1000, probs: bool = False) -> torch.Tensor:
    """Predicted labels (N,), or class probabilities (N, 10) with probs=True; on the CPU."""
    device = next(model.parameters()).device
    out = []
    for i in range(0, len(images), batch):
        logits = model(images[i:i + batch].to(device))
        out.append((logits.softmax(1) if probs else logits.argmax(1)).cpu())
    return torch.cat(out)


def accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    return float((predict(model, images) == labels).float().mean())
