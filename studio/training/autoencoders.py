"""Train the autoencoders for the denoising page and ship them.

    python -m studio.training.autoencoders --model dense --epochs 15 --data-root ../shared/data
    python -m studio.training.autoencoders --model conv --epochs 8 --data-root ../shared/data
    python -m studio.training.autoencoders --model denoising --epochs 15 --data-root ../shared/data

dense and conv learn to copy clean digits; denoising (the same conv architecture) sees a
digit corrupted by mixed noise (Gaussian, salt-and-pepper, masking at random levels) and
must output the clean one. All are measured by PSNR on noisy test digits.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from studio.demos.denoise import models as denoise
from studio.training import common

MODULE = "studio.training.autoencoders"
MODELS = {
    "dense": ("ae-dense", "ae-dense", "Dense autoencoder 784-256-32-256-784 trained to copy clean digits."),
    "conv": ("ae-conv", "ae-conv", "Convolutional autoencoder trained to copy clean digits."),
    "denoising": ("dae-conv", "ae-conv", "The same convolutional autoencoder trained as a denoiser: input corrupted "
                  "by mixed noise (per image one of Gaussian sigma 0.1-0.7, salt-and-pepper p 0.05-0.35, "
                  "masking p 0.1-0.6), target the clean digit."),
}


def parse(argv=None):
    p = common.parser(__doc__.split("\n")[0], epochs=10)
    p.add_argument("--model", choices=list(MODELS), required=True)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--width", type=int, default=32, help="conv channel width")
    p.add_argument("--code", type=int, default=32, help="dense bottleneck size")
    return p.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    device = common.setup(args)
    name, arch, notes = MODELS[args.model]
    config = {"code": args.code} if args.model == "dense" else {"width": args.width}
    settings = common.with_limit(args, {"seed": args.seed, "model": args.model, "lr": args.lr,
                                        "batch_size": args.batch_size, **config})
    run = common.Run(name, settings, fresh=args.fresh)
    model = (denoise.DenseAutoencoder(**config) if args.model == "dense" else denoise.ConvAutoencoder(**config)).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    run.restore(model=model, opt=opt)
    x_train, _ = common.mnist(args, train=True)
    x_test, _ = common.mnist(args, train=False)

    def step(idx, noise):
        clean = x_train[idx]
        inputs = denoise.mixed_noise(clean, noise) if args.model == "denoising" else clean
        loss = F.binary_cross_entropy(model(inputs.to(device)), clean.to(device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return {"train_bce": loss.item()}

    common.fit(run, args, name, len(x_train), step, evaluate=lambda: denoise.evaluate(model, x_test[:2000]),
               state={"model": model, "opt": opt})
    model.eval()
    common.ship(name, model.state_dict(), run, args, MODULE,
                ["model", "seed", "epochs", "device", "data_root", "lr", "width", "code", "batch_size"],
                describe={"kind": "autoencoder", "arch": arch, "config": config,
                          "trained_on": "mixed noise" if args.model == "denoising" else "clean"},
                metrics=denoise.evaluate(model, x_test),
                notes=notes + " PSNR in dB, mean over the 10,000 test digits, noise seed 0; psnr_noisy_* is the "
                              "noisy input itself.")


if __name__ == "__main__":
    main()
