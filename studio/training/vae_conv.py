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

import sys

import torch
import torch.nn.functional as F
from tqdm import tqdm

from studio.demos.families import vaegan
from studio.models import vae
from studio.training import common

MODULE = "studio.training.vae_conv"
NAME = "vae-conv"


def parse(argv=None):
    p = common.parser(__doc__.split("\n")[0], epochs=6)
    p.add_argument("--latent-dim", type=int, default=16)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-4, help="the VAE-GAN's encoder and decoder learning rate")
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (a smoke test; nothing saved)")
    return p.parse_args(argv)


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
            bar = tqdm(list(common.batches(len(x_train), args.batch_size, args.seed, epoch)),
                       desc=f"{NAME} epoch {epoch}/{args.epochs}", mininterval=10, file=sys.stdout)
            for i, idx in enumerate(bar):
                if args.max_steps is not None and i >= args.max_steps:
                    break
                x = x_train[idx].to(device)
                mu, logvar = model.encode(x)
                z = mu + torch.randn(mu.shape, generator=noise).to(device) * torch.exp(0.5 * logvar)
                x_rec = model.decode(z)
                pixel = F.binary_cross_entropy(x_rec.clamp(vaegan.EPS, 1 - vaegan.EPS), x,
                                               reduction="none").flatten(1).sum(1)
                kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(1)
                loss = (pixel + kl).mean()
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                sums["kl"] += kl.mean().item() * len(x)
                sums["pixel_bce"] += pixel.mean().item() * len(x)
                n += len(x)
                bar.set_postfix(kl=f"{kl.mean().item():.1f}", pix=f"{pixel.mean().item():.1f}", refresh=False)
        model.eval()
        log = {k: round(v / max(n, 1), 3) for k, v in sums.items()}
        log |= {"test_recon_bce_posterior_mean": vae.evaluate(model, x_test[:2000])["test_recon_bce_posterior_mean"],
                "seconds": round(t.seconds, 1)}
        print(f"{NAME} epoch {epoch}: {log}", flush=True)
        if args.max_steps is not None:
            return log
        run.checkpoint(epoch, t.seconds, log, model=model, opt=opt)
    model.eval()
    metrics = vae.evaluate(model, x_test) | measured(model)
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


def measured(model) -> dict:
    """The families page's measurements for a finished model (Fréchet distance, classes, reconstructions)."""
    from studio.demos.families import measure as families

    families.load.clear()   # the page's cached networks: the zoo may have changed under them while training
    return families.decoder_metrics(model)


if __name__ == "__main__":
    main()
