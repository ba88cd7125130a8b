"""Train the VAE-GAN's encoder and decoder as a plain VAE on MNIST and ship them as vae-conv.

    python -m studio.training.vae_conv --epochs 6 --data-root ../shared/data --threads 1

The model-families page sets this VAE beside the VAE-GAN (studio/training/vaegan.py), so
everything but the loss is the VAE-GAN's: the same encoder and decoder (the DCGAN generator,
16-D latent, width 32), the same data and batches (seed 0, batch 128), the same optimiser
(Adam 5e-4, betas 0.5 and 0.999), the same noise for z, the same 6 epochs. The loss is the
ELBO alone: the pixel binary cross-entropy of the decoder's probabilities (clipped to
[1e-4, 1 - 1e-4], as in the VAE-GAN's pixel term) plus the KL term. What the VAE-GAN adds is
its discriminator: the reconstruction error in the discriminator's features and the
decoder's adversarial loss (and it keeps only half of this pixel term).
"""

from __future__ import annotations


import torch

from studio.demos.families import vaegan
from studio.models import vae
from studio.training import common
from studio.training import vaegan as twin   # the same networks, batches and noise: only the loss differs

MODULE = "studio.training.vae_conv"
NAME = "vae-conv"


def parse(argv=None):
    return twin.parser(__doc__, "the VAE-GAN's encoder and decoder learning rate").parse_args(argv)


def main(argv=None):
    args = parse(argv)
    device = common.setup(args)
    settings = common.with_limit(args, {k: getattr(args, k) for k in ("seed", "latent_dim", "width", "lr",
                                                                       "batch_size")})
    run = common.Run(NAME if args.max_steps is None else NAME + "-smoke", settings,
                     fresh=args.fresh or args.max_steps is not None)
    model = vaegan.ConvVAE(args.latent_dim, args.width).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.5, 0.999))
    run.restore(model=model, opt=opt)
    x_train, _ = common.mnist(args, train=True)
    x_test, _ = common.mnist(args, train=False)
    for epoch in range(run.epoch + 1, args.epochs + 1):
        noise = common.epoch_generator(args.seed, epoch)   # the VAE-GAN's z noise, batch for batch
        model.train()
        sums, n = {"kl": 0.0, "pixel_bce": 0.0}, 0
        with common.Timer() as t:
            bar = common.epoch_bar(args, len(x_train), NAME, epoch, max_steps=args.max_steps)
            for idx in bar:
                x = x_train[idx].to(device)
                _, _, pixel, kl = twin.vae_terms(model, x, noise)
                loss = (pixel + kl).mean()
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                sums["kl"] += kl.mean().item() * len(x)
                sums["pixel_bce"] += pixel.mean().item() * len(x)
                n += len(x)
                bar.set_postfix(kl=f"{kl.mean().item():.1f}", pix=f"{pixel.mean().item():.1f}", refresh=False)
        log = twin.epoch_log(NAME, epoch, model, sums, n, x_test, t.seconds)
        if args.max_steps is not None:
            return log
        run.checkpoint(epoch, t.seconds, log, model=model, opt=opt)
    model.eval()
    metrics = vae.evaluate(model, x_test) | twin.measured(model)
    return common.ship(
        NAME, model.state_dict(), run, args, MODULE,
        ["seed", "epochs", "device", "data_root", "threads", "latent_dim", "width", "lr", "batch_size"],
        {"kind": "vae-conv", "arch": "vae-conv", "config": {"latent_dim": args.latent_dim, "width": args.width},
         "latent_dim": args.latent_dim},
        metrics,
        "The VAE-GAN's encoder and decoder (conv encoder, the DCGAN generator as decoder, 16-D latent) trained as a "
        "plain VAE: pixel BCE + KL, with the VAE-GAN's data, batches, optimiser, noise and epochs, so the two differ "
        "in the loss alone. test_* are nats per grey test image (one posterior sample, seed 0); frechet_*, classes "
        "and the reconstruction figures are measured like the model-families page (studio.demos.families.measure).")


if __name__ == "__main__":
    main()
