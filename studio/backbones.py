"""ImageNet feature extractors from torchvision, truncated at the deepest layer used.

DeepDream and style transfer read activations from a few named layers. A FeatureExtractor
keeps only the stages up to the deepest requested one, so a dream on an early layer never
pays for the rest of the network. Inputs are images in [0, 1]; each backbone's own
normalisation is applied inside, so callers never think about ImageNet statistics.

Weights come from torchvision's weights API and its cache under TORCH_HOME. Whether they
are present is checked by looking at that cache, without touching the network.

Loading them is safe against a planted file: torchvision would unpickle a cached file
(torch.load with weights_only=False), which can run code. Here a cached file must match the
sha256 prefix in its own name (resnet18-f37072fd.pth, as torchvision checks on download) or a
digest the user trusts on purpose, and is read with weights_only=True.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import torch
import torchvision.models as tvm
from torch import nn

from studio import config, zoo
from studio.errors import StudioError
from studio.caches import cached

# torchvision names its files <name>-<first 8+ hex digits of the file's sha256>.pth
HASH_IN_NAME = re.compile(r"-([0-9a-f]{8,})\.[^.]+$")
# Replacement weights a user provides on purpose (e.g. a converted copy for an offline
# workshop) do not match their name's hash; they load only when their sha256 is listed in
# STUDIO_TRUSTED_WEIGHTS (comma-separated) or in this file next to them ({"file": "sha256"}).
TRUSTED_FILE = "studio-trusted.json"


@dataclass(frozen=True)
class LayerGroup:
    name: str
    description: str
    layers: tuple[str, ...]


@dataclass(frozen=True)
class BackboneSpec:
    name: str
    title: str
    about: str
    weights: str                                   # torchvision enum, e.g. "GoogLeNet_Weights.IMAGENET1K_V1"
    build: Callable[[bool], nn.Module]             # the architecture, shaped for pretrained weights or not
    stage_names: tuple[str, ...]                   # every selectable layer, input to logits
    groups: tuple[LayerGroup, ...]

    @property
    def weights_enum(self):
        return tvm.get_weight(self.weights)

    @property
    def weights_file(self) -> str:
        return os.path.basename(self.weights_enum.url)

    @property
    def weights_mb(self) -> float:
        return float(self.weights_enum.meta.get("_file_size", 0.0))

    @property
    def categories(self) -> list[str]:
        return list(self.weights_enum.meta["categories"])

    def group_of(self, layer: str) -> str | None:
        return next((g.name for g in self.groups if layer in g.layers), None)


def _vgg_stage_names(cfg: Sequence[int | str]) -> tuple[str, ...]:
    """features.N of a torchvision VGG -> the names papers use (conv4_2, relu4_2, pool4)."""
    names, block, index = [], 1, 1
    for v in cfg:
        if v == "M":
            names.append(f"pool{block}")
            block, index = block + 1, 1
        else:
            names += [f"conv{block}_{index}", f"relu{block}_{index}"]
            index += 1
    return tuple(names)


_VGG16 = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
_VGG19 = [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"]
_GOOGLENET = ("conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a", "inception3b", "maxpool3",
              "inception4a", "inception4b", "inception4c", "inception4d", "inception4e", "maxpool4",
              "inception5a", "inception5b")
_MOBILENET = tuple(f"features.{i}" for i in range(19))

EARLY = "early: strokes, edges and textures"
MIDDLE = "middle: eyes, swirls, fur and scales"
LATE = "late: dog faces, buildings, whole objects"


def _groups(early: tuple[str, ...], middle: tuple[str, ...], late: tuple[str, ...]) -> tuple[LayerGroup, ...]:
    """The three layer groups every backbone offers, from strokes to whole objects."""
    return LayerGroup("early", EARLY, early), LayerGroup("middle", MIDDLE, middle), LayerGroup("late", LATE, late)


def _vgg(depth: int, make: Callable[..., nn.Module], cfg: Sequence[int | str], about: str,
         *groups: tuple[str, ...]) -> BackboneSpec:
    """VGG-16 and VGG-19 differ only in depth: their names, weights and layer names follow from it."""
    return BackboneSpec(
        name=f"vgg{depth}", title=f"VGG-{depth}", about=about, weights=f"VGG{depth}_Weights.IMAGENET1K_V1",
        build=lambda pretrained: make(weights=None), stage_names=_vgg_stage_names(cfg) + ("logits",),
        groups=_groups(*groups))


BACKBONES: dict[str, BackboneSpec] = {
    "googlenet": BackboneSpec(
        name="googlenet", title="GoogLeNet (Inception v1)",
        about="The network of the original DeepDream (2015): its inception blocks give the classic look.",
        weights="GoogLeNet_Weights.IMAGENET1K_V1",
        # Shaped as torchvision shapes it for its weights: inputs rescaled inside, no auxiliary heads.
        build=lambda pretrained: tvm.googlenet(weights=None, aux_logits=False, transform_input=pretrained,
                                               init_weights=not pretrained),
        stage_names=_GOOGLENET + ("logits",),
        groups=_groups(("conv2", "conv3", "inception3a"),
                       ("inception3b", "inception4a", "inception4b", "inception4c"),
                       ("inception4d", "inception4e", "inception5a", "inception5b"))),
    "vgg16": _vgg(16, tvm.vgg16, _VGG16,
                  "A plain stack of 3×3 convolutions (2014); its textures are crisp, its dreams painterly.",
                  ("relu1_2", "relu2_2", "relu3_1"), ("relu3_3", "relu4_1", "relu4_2"),
                  ("relu4_3", "relu5_1", "relu5_3")),
    "vgg19": _vgg(19, tvm.vgg19, _VGG19,
                  "The network of Gatys et al.'s style transfer (2015): Gram matrices of its ReLUs capture style.",
                  ("relu1_1", "relu2_1", "relu3_1"), ("relu4_1", "relu4_2", "relu4_4"),
                  ("relu5_1", "relu5_2", "relu5_4")),
    "mobilenet_v2": BackboneSpec(
        name="mobilenet_v2", title="MobileNetV2",
        about="A small, fast network for phones (2018): a good choice on a laptop CPU.",
        weights="MobileNet_V2_Weights.IMAGENET1K_V2", build=lambda pretrained: tvm.mobilenet_v2(weights=None),
        stage_names=_MOBILENET + ("logits",),
        groups=_groups(("features.2", "features.3", "features.4"), ("features.6", "features.7", "features.10"),
                       ("features.13", "features.14", "features.17"))),
}


def spec(name: str) -> BackboneSpec:
    if name not in BACKBONES:
        raise StudioError(f"'{name}' is not a backbone the studio knows. Choose one of: {', '.join(BACKBONES)}.")
    return BACKBONES[name]


def weights_path(name: str):
    return config.torch_checkpoints_dir() / spec(name).weights_file


def weights_present(name: str) -> bool:
    """Are the ImageNet weights in torch's cache? Looks at the disk only, never the network."""
    return weights_path(name).is_file()


def trusted_digests(folder: Path) -> set[str]:
    """sha256 digests of replacement weight files the user has said they trust."""
    found = {d.strip().lower() for d in os.environ.get("STUDIO_TRUSTED_WEIGHTS", "").split(",") if d.strip()}
    path = folder / TRUSTED_FILE
    if path.is_file():
        try:
            found |= {str(d).lower() for d in json.loads(path.read_text()).values()}
        except (OSError, ValueError, AttributeError) as exc:
            raise StudioError(f"{path} is not a JSON object of file names and sha256 digests ({exc}).") from exc
    return found


_verified: dict[tuple[str, int, int], str] = {}


def weights_problem(name: str) -> str | None:
    """Why the cached weights file may not be loaded (None: it is genuine or trusted)."""
    path = weights_path(name)
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    digest = _verified.get(key) or zoo.sha256_of(path)
    match = HASH_IN_NAME.search(path.name)
    if (match and digest.startswith(match.group(1))) or digest in trusted_digests(path.parent):
        _verified[key] = digest
        return None
    return damaged_weights_message(name)


def damaged_weights_message(name: str, reason: str = "") -> str:
    s = spec(name)
    why = reason or "its sha256 does not match the one in its name, so it was changed, cut short or replaced"
    return (f"The ImageNet weights file for {s.title} ({weights_path(name)}) is damaged: {why}. "
            f"It was not loaded. Delete it and run `make fetch` (or `python -m studio fetch`) while online. "
            f"If you put a replacement there on purpose, trust it by adding its sha256 to "
            f"STUDIO_TRUSTED_WEIGHTS or to {TRUSTED_FILE} in that folder.")


def pretrained_state(name: str) -> dict[str, torch.Tensor]:
    """The cached ImageNet weights, verified, read without unpickling code (weights_only)."""
    if (problem := weights_problem(name)) is not None:
        raise StudioError(problem)
    try:
        state = torch.load(weights_path(name), map_location="cpu", weights_only=True)
    except Exception as exc:  # pickle refused (it asked for code), truncated, not a torch file
        raise StudioError(damaged_weights_message(
            name, f"it is not a plain file of tensors ({type(exc).__name__})")) from exc
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise StudioError(damaged_weights_message(name, "it is not a plain file of tensors"))
    return state


def download(name: str) -> None:
    """Fetch the weights into torch's cache through torchvision, which checks the hash in the name."""
    spec(name).weights_enum.get_state_dict(progress=True, check_hash=True, weights_only=True)


def missing_weights_message(name: str) -> str:
    s = spec(name)
    return (f"The ImageNet weights for {s.title} ({s.weights_mb:.0f} MB, {s.weights_file}) are not on this "
            f"computer. Run `make fetch` (or `python -m studio fetch`) once while online; they are stored in "
            f"{config.torch_checkpoints_dir()}.")


def weights_note(name: str, choices: Sequence[str]) -> str | None:
    """None when the network's weights are here; else what is missing, and which of `choices` is here
    (shown as soon as the network is chosen, not after Run)."""
    if weights_present(name):
        return None
    here = [spec(n).title for n in choices if n != name and weights_present(n)]
    hint = f" {' and '.join(here)} {'is' if len(here) == 1 else 'are'} on this computer: choose it under Network." \
        if here else ""
    return missing_weights_message(name) + hint


class _Logits(nn.Module):
    """Global pooling and the classifier head: the 'logits' stage of every backbone."""

    def __init__(self, model: nn.Module, name: str):
        super().__init__()
        if name == "googlenet":
            self.pool, self.head = model.avgpool, model.fc
        elif name.startswith("vgg"):
            self.pool, self.head = model.avgpool, model.classifier
        else:
            self.pool, self.head = nn.AdaptiveAvgPool2d(1), model.classifier

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(torch.flatten(self.pool(x), 1))


def _stages(model: nn.Module, s: BackboneSpec) -> list[nn.Module]:
    if s.name == "googlenet":
        body = [getattr(model, n) for n in _GOOGLENET]
    else:
        body = list(model.features.children())
    return body + [_Logits(model, s.name)]


@dataclass
class Backbone:
    spec: BackboneSpec
    model: nn.Module
    pretrained: bool
    mean: tuple[float, float, float]
    std: tuple[float, float, float]

    def extractor(self, layers: Sequence[str]) -> "FeatureExtractor":
        return FeatureExtractor(self, layers)


class FeatureExtractor(nn.Module):
    """Runs the backbone only as far as the deepest requested layer; returns {layer: activation}."""

    def __init__(self, backbone: Backbone, layers: Sequence[str]):
        super().__init__()
        names = backbone.spec.stage_names
        unknown = [layer for layer in layers if layer not in names]
        if unknown or not layers:
            raise StudioError(f"{backbone.spec.title} has no layer called {', '.join(unknown) or '(none)'}. "
                              f"Its layers are: {', '.join(names)}.")
        self.layers = tuple(layers)
        depth = max(names.index(layer) for layer in layers) + 1
        self.names = names[:depth]
        self.stages = nn.ModuleList(_stages(backbone.model, backbone.spec)[:depth])
        device = next(backbone.model.parameters()).device
        self.register_buffer("mean", torch.tensor(backbone.mean, device=device).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(backbone.std, device=device).view(1, 3, 1, 1))

    def forward(self, image: torch.Tensor) -> dict[str, torch.Tensor]:
        x = (image - self.mean) / self.std
        wanted, out = set(self.layers), {}
        for name, stage in zip(self.names, self.stages):
            x = stage(x)
            if name in wanted:
                out[name] = x
        return out


@cached(maxsize=6)
def load_backbone(name: str, pretrained: bool = True, device: str = "cpu") -> Backbone:
    """A frozen, eval-mode backbone; loaded once per process (both front ends share it).

    pretrained=False gives random weights: the same code path, for tests and timing.
    """
    s = spec(name)
    model = s.build(pretrained)
    if pretrained:
        if not weights_present(name):
            if config.offline():
                raise StudioError(missing_weights_message(name))
            try:
                download(name)
            except Exception as exc:  # no network, proxy, disk full, hash mismatch on download
                raise StudioError(missing_weights_message(name)
                                  + f" (Downloading failed: {type(exc).__name__}: {exc})") from exc
        state = pretrained_state(name)
        if s.name == "googlenet":  # torchvision's file carries the training-only auxiliary heads
            state = {k: v for k, v in state.items() if not k.startswith(("aux1.", "aux2."))}
        try:
            model.load_state_dict(state)
        except RuntimeError as exc:
            raise StudioError(damaged_weights_message(name, "its tensors do not fit the network")) from exc
    model.eval().requires_grad_(False).to(device)
    # torchvision's pretrained GoogLeNet expects inputs scaled to [-1, 1] (transform_input);
    # we bypass its forward(), so the same scaling is applied as mean/std here.
    if getattr(model, "transform_input", False):
        mean, std = (0.5, 0.5, 0.5), (0.5, 0.5, 0.5)
    else:
        mean, std = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
    return Backbone(spec=s, model=model, pretrained=pretrained, mean=mean, std=std)


def preprocess_for_classification(image: torch.Tensor, size: int = 224) -> torch.Tensor:
    """Resize the short side and centre-crop, as torchvision's ImageNet evaluation does."""
    import torchvision.transforms.functional as TF

    image = TF.resize(image, round(size * 256 / 224), antialias=True)
    return TF.center_crop(image, [size, size])


@torch.inference_mode()
def classify(backbone: Backbone, image: torch.Tensor, top: int = 5) -> list[tuple[str, float]]:
    """Top ImageNet classes for a (1, 3, H, W) image in [0, 1]."""
    logits = backbone.extractor(["logits"])(preprocess_for_classification(image))["logits"]
    probs = logits.softmax(dim=1)[0]
    values, indices = probs.topk(top)
    categories = backbone.spec.categories
    return [(categories[i], float(v)) for v, i in zip(values.tolist(), indices.tolist())]


def default_backbone(preferred: Sequence[str]) -> str:
    """The first preferred backbone whose weights are here (else the first, to explain what's missing)."""
    return next((n for n in preferred if weights_present(n)), preferred[0])
