"""Retrain the whole MNIST zoo in dependency order (what `make zoo` runs).

    python -m studio.training --data-root ../shared/data --device cpu

The classifier comes first because it judges the GAN snapshots (and the families' samples). Every step is resumable:
rerunning after an interruption continues each model from its last finished epoch
(.train/<model>/state.pt), and finished models are only re-evaluated and re-saved.
The settings below are exactly those of the shipped files (see pretrained/manifest.json).
"""

from __future__ import annotations

import argparse
import time

from studio.training import autoencoders, classifier, gan, pixelcnn, readme, vae, vae_conv, vaegan

DENSE_NOTES = (
    "Collapse-prone setting, used because the plain recipe (Adam 2e-4 for both) collapsed only while immature: "
    "the discriminator learns 5x faster than the generator (Adam lr 1e-3 vs 2e-4, beta1 0.5), and the generator "
    "keeps retreating to the few digits it can still pass off as real (mode collapse). A 5x faster generator "
    "(lr 1e-3 vs 2e-4) was tried too and did not collapse (10 classes from epoch 8).")
DCGAN_NOTES = (
    "DCGAN (batch norm in G and D, Adam beta1 0.5) with the generator learning 5x faster than the discriminator "
    "(lr 1e-3 vs 2e-4): the setting that kept the dense GAN on all ten digits. The contrast to the dense GAN's "
    "collapse.")

PLAN = [
    (classifier, ["--epochs", "4"]),
    (vae, ["--latent-dim", "2", "--epochs", "20"]),
    (vae, ["--latent-dim", "16", "--epochs", "20"]),
    (autoencoders, ["--model", "dense", "--epochs", "15"]),
    (autoencoders, ["--model", "conv", "--epochs", "8"]),
    (autoencoders, ["--model", "denoising", "--epochs", "15"]),
    (gan, ["--family", "dense", "--epochs", "50", "--lr-d", "1e-3", "--notes", DENSE_NOTES]),
    (gan, ["--family", "dcgan", "--epochs", "20", "--lr-g", "1e-3", "--notes", DCGAN_NOTES]),
    # The model-families page, judged by the classifier; vae-conv is the VAE-GAN's networks and budget
    # trained as a plain VAE (the page's VAE), so the two differ in the loss alone.
    (pixelcnn, ["--epochs", "2"]),
    (vaegan, ["--epochs", "6"]),
    (vae_conv, ["--epochs", "6"]),
]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data-root", default=None)
    p.add_argument("--device", default="cpu")
    p.add_argument("--seed", default="0")
    p.add_argument("--threads", default=None)
    p.add_argument("--only", default=None, help="comma-separated substrings: run only matching steps, e.g. gan,vae")
    args = p.parse_args(argv)
    common = ["--seed", args.seed, "--device", args.device]
    common += ["--data-root", args.data_root] if args.data_root else []
    common += ["--threads", args.threads] if args.threads else []
    for module, extra in PLAN:
        label = f"{module.__name__.rsplit('.', 1)[1]} {' '.join(extra[:2])}"
        if args.only and not any(s in label for s in args.only.split(",")):
            continue
        print(f"== {label}", flush=True)
        start = time.perf_counter()
        module.main(extra + common)
        print(f"== {label}: done in {time.perf_counter() - start:.0f} s", flush=True)
    print(f"wrote {readme.write()}")


if __name__ == "__main__":
    main()
