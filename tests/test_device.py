import pytest
import torch

from studio.device import configure_threads, device_info, pick_device
from studio.errors import StudioError


def test_automatic_choice_prefers_gpus_then_cpu(monkeypatch):
    monkeypatch.delenv("STUDIO_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else (
        "mps" if torch.backends.mps.is_available() else "cpu")
    assert pick_device().type == expected


def test_override_and_refusals(monkeypatch):
    monkeypatch.setenv("STUDIO_DEVICE", "cpu")
    assert pick_device() == torch.device("cpu")
    assert pick_device("cpu").type == "cpu"
    if not torch.cuda.is_available():
        with pytest.raises(StudioError, match="no CUDA GPU"):
            pick_device("cuda")
    with pytest.raises(StudioError, match="not a device name"):
        pick_device("quantum")


def test_threads_and_description(monkeypatch):
    before = torch.get_num_threads()
    try:
        assert configure_threads(1) == 1
        monkeypatch.setenv("STUDIO_THREADS", "2")
        assert configure_threads() == 2
        monkeypatch.setenv("STUDIO_DEVICE", "cpu")
        assert device_info().describe() == "CPU (2 threads)"
    finally:
        torch.set_num_threads(before)
