"""What a workshop needs, what is on this computer, and `fetch` to get the rest ahead of time."""

from __future__ import annotations

from dataclasses import dataclass

from studio import backbones, config, demos, paintings, zoo
from studio.errors import StudioError
from studio.mnist import load_mnist, mnist_present

# Backbones a default workshop uses: DeepDream's classic (googlenet), style transfer's
# classic (vgg19), and the fast one for small laptops (mobilenet_v2). vgg16 is optional.
WORKSHOP_BACKBONES = ("googlenet", "vgg19", "mobilenet_v2")


@dataclass(frozen=True)
class Item:
    what: str
    present: bool
    where: str
    size_mb: float
    used_by: str
    note: str = ""


def items() -> list[Item]:
    """Everything the demos can use, checked on disk only (never the network)."""
    rows = []
    for name, s in backbones.BACKBONES.items():
        rows.append(Item(f"{s.title} ImageNet weights", backbones.weights_present(name),
                         str(backbones.weights_path(name)), s.weights_mb, demos.users(backbone=name),
                         "" if name in WORKSHOP_BACKBONES else "optional: make fetch ARGS=--all"))
    root = config.data_root()
    rows.append(Item("MNIST digits", mnist_present(root), str(root / "MNIST" / "raw"), 55.0,
                     demos.users(mnist=True)))
    fetched = paintings.present()
    rows.append(Item("Public-domain paintings", len(fetched) == len(paintings.PAINTINGS), str(paintings.folder()),
                     sum((paintings.folder() / p.file).stat().st_size for p in fetched) / 1e6,
                     demos.demo("style").title, f"{len(fetched)} of {len(paintings.PAINTINGS)}"))
    try:
        problems = zoo.verify_all()
        entries = zoo.read_manifest()
        ok = bool(entries) and not problems
        note = ("; ".join(problems) if problems else f"{len(entries)} files, checksums verified"
                if entries else "no models yet: retrain them with `make zoo`")
    except StudioError as exc:
        ok, note, entries = False, str(exc), []
    folder = config.pretrained_dir()
    size = sum((folder / e["file"]).stat().st_size for e in entries if (folder / e["file"]).exists())
    rows.append(Item("Studio's own MNIST models", ok, str(folder), size / 1e6, demos.users(models=True), note))
    return rows


def status_text() -> str:
    lines = []
    for it in items():
        mark = "ok     " if it.present else "MISSING"
        size = f"{it.size_mb:7.1f} MB" if it.size_mb else " " * 10
        lines.append(f"{mark} {size}  {it.what:34s} {it.where}")
        if it.note:
            lines.append(f"{'':19s}{it.note}")
    return "\n".join(lines)


def fetch(include_all: bool = False) -> int:
    """Download every missing default weight file and MNIST, with progress. Returns failures."""
    failures = 0
    names = list(backbones.BACKBONES) if include_all else list(WORKSHOP_BACKBONES)
    for name in names:
        s = backbones.spec(name)
        path = backbones.weights_path(name)
        if backbones.weights_present(name):
            if backbones.weights_problem(name) is None:
                print(f"ok      {s.title}: already in {path}")
                continue
            print(f"damaged {s.title}: {path} does not match its checksum; fetching it again")
            path.unlink()
        print(f"fetch   {s.title} ({s.weights_mb:.0f} MB) -> {config.torch_checkpoints_dir()}", flush=True)
        try:
            backbones.download(name)
        except Exception as exc:  # no network, proxy, disk full, checksum mismatch
            failures += 1
            print(f"FAILED  {s.title}: {type(exc).__name__}: {exc}")
    root = config.data_root()
    if mnist_present(root):
        print(f"ok      MNIST: already in {root}/MNIST/raw")
    else:
        print(f"fetch   MNIST (about 12 MB download) -> {root}", flush=True)
        try:
            load_mnist(train=True, root=str(root), download=True)
            load_mnist(train=False, root=str(root), download=True)
        except StudioError as exc:
            failures += 1
            print(f"FAILED  MNIST: {exc}")
    failures += paintings.fetch()
    return failures
