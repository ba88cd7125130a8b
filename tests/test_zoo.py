"""studio/zoo.py: manifest, hash check, safetensors only."""

import json

import pytest
import torch
from torch import nn

from studio import zoo
from studio.errors import StudioError


@zoo.architecture("tiny-test-net")
class TinyNet(nn.Module):
    def __init__(self, width: int = 3):
        super().__init__()
        self.fc = nn.Linear(4, width)


@pytest.fixture
def shelf(tmp_path):
    torch.manual_seed(0)
    net = TinyNet(width=5)
    meta = {"kind": "test", "arch": "tiny-test-net", "config": {"width": 5}, "command": "pytest", "seed": 0,
            "epochs": 1, "train_seconds": 0.1, "metrics": {"accuracy": 1.0}}
    zoo.save("tiny", net.state_dict(), meta, root=tmp_path, fp16=True)
    return tmp_path, net


def test_save_writes_safetensors_and_a_manifest_entry(shelf):
    root, net = shelf
    manifest = json.loads((root / "manifest.json").read_text())
    (e,) = manifest["models"]
    assert e["file"] == "tiny.safetensors" and e["sha256"] == zoo.sha256_of(root / "tiny.safetensors")
    assert e["metrics"] == {"accuracy": 1.0} and e["config"] == {"width": 5}
    assert zoo.entries(root, kind="test") == [e] and zoo.entries(root, kind="vae") == []


def test_update_replaces_measured_fields_and_never_the_weights_identity(shelf):
    root, _ = shelf
    before = zoo.entry("tiny", root)
    after = zoo.update("tiny", {"metrics": {"accuracy": 0.5}, "remeasured": "today"}, root=root)
    assert zoo.entry("tiny", root) == after == {**before, "metrics": {"accuracy": 0.5}, "remeasured": "today"}
    with pytest.raises(StudioError, match="belong to its weights"):
        zoo.update("tiny", {"sha256": "0" * 64}, root=root)
    with pytest.raises(StudioError, match="not in"):
        zoo.update("nothing", {"metrics": {}}, root=root)
    assert zoo.verify_all(root) == []


def test_load_model_rebuilds_the_architecture_in_float32(shelf):
    root, net = shelf
    loaded = zoo.load_model("tiny", root=root)
    assert isinstance(loaded, TinyNet) and not loaded.training
    assert loaded.fc.weight.dtype == torch.float32
    assert torch.allclose(loaded.fc.weight, net.fc.weight, atol=1e-3)  # stored as fp16
    assert zoo.verify_all(root) == []


def test_a_tampered_file_is_refused(shelf):
    root, _ = shelf
    path = root / "tiny.safetensors"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(StudioError, match="does not match its recorded checksum"):
        zoo.load_tensors("tiny", root=root)
    assert len(zoo.verify_all(root)) == 1


def test_truncated_missing_and_unknown(shelf):
    root, _ = shelf
    path = root / "tiny.safetensors"
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises(StudioError, match="checksum"):
        zoo.load_model("tiny", root=root)
    path.unlink()
    with pytest.raises(StudioError, match="missing"):
        zoo.load_model("tiny", root=root)
    with pytest.raises(StudioError, match="not in the studio's pretrained"):
        zoo.load_model("nothing", root=root)


def test_remove_drops_entries_and_files(shelf):
    root, net = shelf
    zoo.save("tiny2", net.state_dict(), {"kind": "test", "arch": "tiny-test-net", "config": {"width": 5}}, root=root)
    assert zoo.remove({"tiny", "absent"}, root=root) == ["tiny"]
    assert [e["name"] for e in zoo.read_manifest(root)] == ["tiny2"]
    assert not (root / "tiny.safetensors").exists()
    assert (root / "manifest.json").stat().st_mode & 0o777 == 0o644


def test_saving_without_fcntl_uses_a_portable_lock(tmp_path, monkeypatch):
    """Windows has no fcntl: concurrent saves must still leave every entry in the manifest."""
    import threading

    monkeypatch.setattr(zoo, "fcntl", None)
    torch.manual_seed(0)
    nets = {f"net{i}": TinyNet(width=3).state_dict() for i in range(6)}
    meta = {"kind": "test", "arch": "tiny-test-net", "config": {"width": 3}, "command": "pytest", "seed": 0,
            "epochs": 1, "train_seconds": 0.0, "metrics": {}}
    threads = [threading.Thread(target=zoo.save, args=(name, state, meta, tmp_path)) for name, state in nets.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(e["name"] for e in zoo.read_manifest(tmp_path)) == sorted(nets)
    assert not (tmp_path / zoo.LOCK).exists()  # released
    assert zoo.remove(["net0"], tmp_path) == ["net0"] and len(zoo.read_manifest(tmp_path)) == 5


def test_the_portable_lock_waits_for_a_holder_and_breaks_a_crashed_one(tmp_path, monkeypatch):
    import os
    import time

    lock = tmp_path / zoo.LOCK
    lock.write_text("12345")  # held by another writer right now
    with pytest.raises(StudioError, match="locked by another program"):
        with zoo._lock_file(lock, timeout=0.3):
            pass
    old = time.time() - zoo.STALE_LOCK_SECONDS - 5
    os.utime(lock, (old, old))  # ...left behind by a writer that crashed long ago
    with zoo._lock_file(lock, timeout=0.3):
        assert lock.read_text() == str(os.getpid())
    assert not lock.exists()
