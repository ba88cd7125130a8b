import hashlib
import shutil
import subprocess
import sys

from studio import backbones, inventory, paintings
from studio.backbones import BACKBONES
from studio.demos import DEMOS

from conftest import REPO


def test_status_lists_every_backbone_mnist_and_the_zoo():
    names = [it.what for it in inventory.items()]
    assert len(names) == len(BACKBONES) + 3  # + MNIST, the paintings, the zoo
    text = inventory.status_text()
    assert "MobileNetV2 ImageNet weights" in text and "MNIST digits" in text
    # Who uses what comes from the demo registry: every demo is named by something it needs.
    used_by = " ".join(it.used_by for it in inventory.items())
    for d in DEMOS:
        assert d.title in used_by, d.key
    rows = {it.what: it.used_by for it in inventory.items()}
    assert rows["VGG-19 ImageNet weights"] == "Style transfer"
    assert rows["MobileNetV2 ImageNet weights"] == "DeepDream, Style transfer"
    assert rows["Public-domain paintings"] == "Style transfer"


def test_status_command_runs():
    out = subprocess.run([sys.executable, "-m", "studio", "status"], cwd=REPO, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0 and "GoogLeNet" in out.stdout


def _workshop_cache(tmp_path, monkeypatch, styles_dir, content: bytes = b"x"):
    (tmp_path / "data" / "paintings").mkdir(parents=True)
    for p in paintings.PAINTINGS:  # the pinned paintings, already here
        shutil.copy(styles_dir / p.file, tmp_path / "data" / "paintings" / p.file)
    checkpoints = tmp_path / "torch" / "hub" / "checkpoints"
    checkpoints.mkdir(parents=True)
    for name in inventory.WORKSHOP_BACKBONES:
        (checkpoints / BACKBONES[name].weights_file).write_bytes(content)
    raw = tmp_path / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for n in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
              "t10k-labels-idx1-ubyte"):
        (raw / n).write_bytes(b"x")
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("STUDIO_DATA_ROOT", str(tmp_path / "data"))
    return checkpoints


def test_fetch_skips_what_is_present(tmp_path, monkeypatch, capsys, styles_dir):
    # Everything a workshop needs already cached (placeholders the test trusts): nothing is downloaded.
    _workshop_cache(tmp_path, monkeypatch, styles_dir)
    monkeypatch.setenv("STUDIO_TRUSTED_WEIGHTS", hashlib.sha256(b"x").hexdigest())
    monkeypatch.setattr(backbones, "download", lambda name: (_ for _ in ()).throw(AssertionError("downloaded")))
    assert inventory.fetch() == 0
    out = capsys.readouterr().out
    assert out.count("already") == len(inventory.WORKSHOP_BACKBONES) + 1 + len(paintings.PAINTINGS)


def test_fetch_replaces_a_damaged_weights_file(tmp_path, monkeypatch, capsys, styles_dir):
    checkpoints = _workshop_cache(tmp_path, monkeypatch, styles_dir, content=b"not the weights")
    monkeypatch.delenv("STUDIO_TRUSTED_WEIGHTS", raising=False)
    fetched = []

    def download(name):  # stands in for torchvision's download (no network here)
        assert not backbones.weights_present(name)  # the damaged file was removed first
        fetched.append(name)

    monkeypatch.setattr(backbones, "download", download)
    assert inventory.fetch() == 0
    assert fetched == list(inventory.WORKSHOP_BACKBONES)
    assert capsys.readouterr().out.count("does not match its checksum") == len(fetched)
    assert not any(checkpoints.iterdir())
