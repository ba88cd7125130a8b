"""studio/training: one epoch loop, deterministic batches, resume = uninterrupted, safe resume state.

Tiny real runs: 300 MNIST digits, 2 epochs, a second or two each, written to temporary folders.
"""

import os

import pytest
import torch
from safetensors.torch import load_file

from conftest import REPO
from studio import config, zoo
from studio.training import classifier, common, readme, vae

SMALL = ["--epochs", "2", "--limit", "300", "--batch-size", "64", "--threads", "1"]


def test_batches_depend_only_on_seed_and_epoch():
    first = [b.tolist() for b in common.batches(300, 64, seed=0, epoch=2)]
    torch.rand(1000)  # whatever else used randomness in between
    assert [b.tolist() for b in common.batches(300, 64, seed=0, epoch=2)] == first
    assert sorted(i for b in first for i in b) == list(range(300)) and [len(b) for b in first] == [64] * 4 + [44]
    assert [b.tolist() for b in common.batches(300, 64, seed=0, epoch=3)] != first
    assert [b.tolist() for b in common.batches(300, 64, seed=1, epoch=2)] != first


@pytest.fixture
def workshop(tmp_path, monkeypatch, mnist_root):
    """Runs keep their state and ship their weights in temporary folders, never the repo's."""
    monkeypatch.setattr(common, "STATE_DIR", tmp_path / "train")
    monkeypatch.setenv("STUDIO_PRETRAINED", str(tmp_path / "pretrained"))
    return tmp_path


def _shipped(name: str) -> tuple[dict, dict]:
    root = config.pretrained_dir()
    return load_file(str(root / f"{name}.safetensors")), zoo.entry(name)


def _interrupt_in_epoch(epoch: int, after_batches: int, monkeypatch):
    """Make the loop die (as on Ctrl-C) part-way through an epoch, after its checkpoint before."""
    real = common.batches

    def dying(n, batch_size, seed, e):
        for i, idx in enumerate(real(n, batch_size, seed, e)):
            if e == epoch and i == after_batches:
                raise KeyboardInterrupt
            yield idx

    monkeypatch.setattr(common, "batches", dying)
    return lambda: monkeypatch.setattr(common, "batches", real)


@pytest.mark.parametrize("script,extra,name", [
    (classifier, [], "mnist-classifier"),           # dropout, a cosine schedule, epochs in its settings
    (vae, ["--latent-dim", "2"], "vae-latent2"),    # sampling noise from the per-epoch generator
], ids=["classifier", "vae"])
def test_an_interrupted_run_resumes_to_the_same_model(script, extra, name, workshop, monkeypatch, capsys):
    args = SMALL + extra + ["--data-root", str(config.data_root())]
    script.main(args + ["--fresh"])
    straight, straight_entry = _shipped(name)

    restore = _interrupt_in_epoch(2, after_batches=2, monkeypatch=monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        script.main(args + ["--fresh"])
    restore()
    saved = torch.load(common.STATE_DIR / name / "state.pt", weights_only=True)
    assert saved["epoch"] == 1
    capsys.readouterr()
    script.main(args)  # the same command again
    assert "resuming" in capsys.readouterr().out
    resumed, resumed_entry = _shipped(name)

    assert resumed.keys() == straight.keys()
    for key in straight:
        assert torch.equal(resumed[key], straight[key]), key
    assert resumed_entry["metrics"] == straight_entry["metrics"]
    assert resumed_entry["sha256"] == straight_entry["sha256"]
    assert resumed_entry["command"] == straight_entry["command"] and "--limit 300" in resumed_entry["command"]
    # The manifest and README the run wrote describe what is on disk.
    assert (config.pretrained_dir() / "README.md").read_text() == readme.render()


def test_a_small_run_never_resumes_a_full_one(workshop):
    vae.main(["--latent-dim", "2", "--epochs", "1", "--limit", "300", "--threads", "1",
              "--data-root", str(config.data_root())])
    full = vae.parse(["--latent-dim", "2"])
    settings = common.with_limit(full, {"seed": full.seed, "latent_dim": 2, "hidden": full.hidden, "lr": full.lr,
                                        "batch_size": full.batch_size})
    with pytest.raises(SystemExit, match="other settings"):
        common.Run("vae-latent2", settings)


def test_a_planted_resume_state_is_refused_without_running_it(workshop, tmp_path):
    marker = tmp_path / "code-ran"

    class Payload:
        def __reduce__(self):
            return os.mkdir, (str(marker),)

    run_dir = common.STATE_DIR / "planted"
    run_dir.mkdir(parents=True)
    torch.save({"settings": {"seed": 0}, "epoch": 5, "train_seconds": 1.0, "state": Payload(), "log": []},
               run_dir / "state.pt")
    with pytest.raises(SystemExit, match="damaged"):
        common.Run("planted", {"seed": 0})
    assert not marker.exists()
    # The file really carries code: an unsafe load would have run it.
    torch.load(run_dir / "state.pt", weights_only=False)
    assert marker.exists()


def test_the_shipped_readme_is_the_rendered_manifest():
    """pretrained/README.md is generated; a hand edit or a stale table shows up here."""
    assert (REPO / "pretrained" / "README.md").read_text() == readme.render(REPO / "pretrained")
