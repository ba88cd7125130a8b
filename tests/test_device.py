import os

import pytest
import torch

from studio import device
from studio.device import configure_threads, device_info, pick_device, usable_cores
from studio.errors import StudioError


@pytest.mark.parametrize("cuda,mps,expected", [(True, True, "cuda"), (False, True, "mps"), (False, False, "cpu")])
def test_automatic_choice_prefers_cuda_then_mps_then_cpu(cuda, mps, expected, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(device, "_mps_available", lambda: mps)
    monkeypatch.delenv("STUDIO_DEVICE", raising=False)
    assert pick_device().type == expected
    monkeypatch.setenv("STUDIO_DEVICE", "auto")
    assert pick_device().type == expected
    monkeypatch.setenv("STUDIO_DEVICE", "cpu")
    assert pick_device().type == "cpu"


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


@pytest.mark.parametrize("platform", ["linux", "macos-or-windows", "python-3.13"])
def test_default_threads_work_without_linux_only_calls(platform, monkeypatch):
    """os.sched_getaffinity exists only on Linux; a workshop Mac or Windows laptop must still start."""
    monkeypatch.delenv("STUDIO_THREADS", raising=False)
    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    if platform == "linux":
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
        expected = 3
    elif platform == "macos-or-windows":
        monkeypatch.delattr(os, "sched_getaffinity", raising=False)
        monkeypatch.setattr(os, "cpu_count", lambda: 6)
        expected = 6
    else:
        monkeypatch.delattr(os, "sched_getaffinity", raising=False)
        monkeypatch.setattr(os, "process_cpu_count", lambda: 5, raising=False)
        expected = 5
    assert usable_cores() == expected
    before = torch.get_num_threads()
    try:
        assert configure_threads() == expected
    finally:
        torch.set_num_threads(before)
