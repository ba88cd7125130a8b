import subprocess
import sys

from studio import inventory
from studio.backbones import BACKBONES

from conftest import REPO


def test_status_lists_every_backbone_mnist_and_the_zoo():
    names = [it.what for it in inventory.items()]
    assert len(names) == len(BACKBONES) + 2
    text = inventory.status_text()
    assert "MobileNetV2 ImageNet weights" in text and "MNIST digits" in text


def test_status_command_runs():
    out = subprocess.run([sys.executable, "-m", "studio", "status"], cwd=REPO, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0 and "GoogLeNet" in out.stdout


def test_fetch_skips_what_is_present(tmp_path, monkeypatch, capsys):
    # Everything a workshop needs already cached: fetch must not try to download anything.
    checkpoints = tmp_path / "torch" / "hub" / "checkpoints"
    checkpoints.mkdir(parents=True)
    for name in inventory.WORKSHOP_BACKBONES:
        (checkpoints / BACKBONES[name].weights_file).write_bytes(b"x")
    raw = tmp_path / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for n in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
              "t10k-labels-idx1-ubyte"):
        (raw / n).write_bytes(b"x")
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("STUDIO_DATA_ROOT", str(tmp_path / "data"))
    assert inventory.fetch() == 0
    out = capsys.readouterr().out
    assert out.count("already") == len(inventory.WORKSHOP_BACKBONES) + 1
