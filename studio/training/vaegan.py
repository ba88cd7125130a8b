"""Train a VAE-GAN (Larsen et al., 2016) on MNIST and ship its encoder and decoder as vaegan.

    python -m studio.training.vaegan --epochs 6 --data-root ../shared/data --threads 1

Each step: the discriminator learns real vs (reconstructions and prior samples); then the
encoder and decoder minimise KL + the feature-space reconstruction error
0.5 * ||Dis_l(x) - Dis_l(x~)||^2 (+ half the pixel BCE, which keeps the codes informative
in a short run), and the decoder alone is also pushed to make the discriminator call its reconstructions and
prior samples real (the encoder gets no adversarial gradient, as in the paper).
"""

from __future__ import annotations


import torch
import torch.nn.functional as F

from studio import zoo
from studio.models import vae
from studio.demos.families import vaegan
from studio.training import common, readme

MODULE = "studio.training.vaegan"
NAME = "vaegan"


def parser(doc: str, lr_help: str):
    """The options the VAE-GAN and its plain-VAE twin (vae_conv) share: networks, learning rate, smoke test."""
    p = common.parser(doc.split("\n")[0], epochs=6)
    p.add_argument("--latent-dim", type=int, default=16)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-4, help=lr_help)
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (a smoke test; nothing saved)")
    return p


def parse(argv=None):
    p = parser(__doc__, "encoder and decoder")
    p.add_argument("--lr-d", type=float, default=2e-4)
    p.add_argument("--pixel-weight", type=float, default=0.5, help="weight of the pixel BCE beside the feature loss")
    p.add_argument("--adv-weight", type=float, default=10.0, help="weight of the decoder's adversarial loss")
    return p.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    device = common.setup(args)
    settings = {k: getattr(args, k) for k in ("seed", "latent_dim", "width", "lr", "lr_d", "pixel_weight",
                                              "adv_weight", "batch_size")}
    run = common.Run(NAME if args.max_steps is None else NAME + "-smoke", settings,
                     fresh=args.fresh or args.max_steps is not None)
    model = vaegan.VAEGAN(args.latent_dim, args.width).to(device)
    D = vaegan.Discriminator(args.width).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=args.lr_d, betas=(0.5, 0.999))
    run.restore(model=model, D=D, opt=opt, opt_d=opt_d)
    x_train, _ = common.mnist(args, train=True)
    x_test, _ = common.mnist(args, train=False)
    bce = F.binary_cross_entropy_with_logits
    for epoch in range(run.epoch + 1, args.epochs + 1):
        noise = common.epoch_generator(args.seed, epoch)
        model.train()
        sums = {"kl": 0.0, "feature": 0.0, "pixel_bce": 0.0, "d_loss": 0.0, "g_adv": 0.0}
        n = 0
        with common.Timer() as t:
            bar = common.epoch_bar(args, len(x_train), NAME, epoch, max_steps=args.max_steps)
            for idx in bar:
                x = x_train[idx].to(device)
                b = len(x)
                z, x_rec, pixel, kl = vae_terms(model, x, noise)
                x_prior = model.decode(torch.randn(z.shape, generator=noise).to(device))
                # Discriminator: real up, reconstructions and prior samples down.
                D.requires_grad_(True)
                d_real, _ = D(x)
                d_rec, _ = D(x_rec.detach())
                d_prior, _ = D(x_prior.detach())
                d_loss = (bce(d_real, torch.ones_like(d_real))
                          + 0.5 * (bce(d_rec, torch.zeros_like(d_rec)) + bce(d_prior, torch.zeros_like(d_prior))))
                opt_d.zero_grad(set_to_none=True)
                d_loss.backward()
                opt_d.step()
                # Encoder + decoder: KL + reconstruction error in the discriminator's features.
                D.requires_grad_(False)
                with torch.no_grad():
                    f_real = D.features(x)
                f_rec = D.features(x_rec)
                feature = 0.5 * (f_rec - f_real).pow(2).sum(1)
                # Decoder only: fool the discriminator (z detached, so the encoder is not trained by it).
                adv_rec, _ = D(model.decode(z.detach()))
                adv_prior, _ = D(x_prior)
                g_adv = bce(adv_rec, torch.ones_like(adv_rec)) + bce(adv_prior, torch.ones_like(adv_prior))
                loss = (kl + feature + args.pixel_weight * pixel).mean() + args.adv_weight * g_adv
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                for k, v in (("kl", kl.mean()), ("feature", feature.mean()), ("pixel_bce", pixel.mean()),
                             ("d_loss", d_loss), ("g_adv", g_adv)):
                    sums[k] += v.item() * b
                n += b
                bar.set_postfix(kl=f"{kl.mean().item():.1f}", feat=f"{feature.mean().item():.1f}",
                                pix=f"{pixel.mean().item():.1f}", d=f"{d_loss.item():.2f}", refresh=False)
        log = epoch_log(NAME, epoch, model, sums, n, x_test, t.seconds)
        if args.max_steps is not None:
            return log
        run.checkpoint(epoch, t.seconds, log, model=model, D=D, opt=opt, opt_d=opt_d)
    model.eval()
    metrics = vae.evaluate(model, x_test)
    metrics |= measured(model)
    record = zoo.save(NAME, model.state_dict(), {
        "kind": "vaegan", "arch": "vaegan", "config": {"latent_dim": args.latent_dim, "width": args.width},
        "latent_dim": args.latent_dim,
        "command": common.command(MODULE, args, ["seed", "epochs", "device", "data_root", "threads", "latent_dim",
                                                 "width", "lr", "lr_d", "pixel_weight", "adv_weight", "batch_size"]),
        "seed": args.seed, "epochs": args.epochs, "train_seconds": round(run.train_seconds, 1),
        "metrics": metrics,
        "notes": "VAE-GAN (Larsen et al., 2016): conv encoder, the DCGAN generator as decoder (16-D latent), "
                 "reconstruction error in a 3-layer discriminator's third-layer features, plus "
                 f"{args.pixel_weight} x pixel BCE. test_* are the VAE's figures (nats per test image, Bernoulli "
                 "reading of the decoder, which is not what it was trained for). frechet_*, classes and the "
                 "reconstruction figures are measured like the model-families page (studio.demos.families.measure); "
                 "vae-conv is the same networks and budget trained as a plain VAE.",
    })
    readme.write()
    print(f"{NAME}: {metrics}, {record['train_seconds']} s")
    return metrics


def vae_terms(model, x, noise: torch.Generator):
    """The VAE half of a step, the same in the VAE-GAN and its plain-VAE twin (vae_conv): z drawn from the
    posterior with the epoch's noise, the reconstruction, and per image the pixel BCE and the KL."""
    mu, logvar = model.encode(x)
    z = mu + torch.randn(mu.shape, generator=noise).to(x.device) * torch.exp(0.5 * logvar)
    x_rec = model.decode(z)
    pixel = F.binary_cross_entropy(x_rec.clamp(vaegan.EPS, 1 - vaegan.EPS), x, reduction="none").flatten(1).sum(1)
    kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(1)
    return z, x_rec, pixel, kl


def epoch_log(name: str, epoch: int, model, sums: dict, n: int, x_test, seconds: float) -> dict:
    """An epoch's mean losses and the test reconstruction figure (first 2,000 test digits), printed."""
    model.eval()
    log = {k: round(v / max(n, 1), 3) for k, v in sums.items()}
    log |= {"test_recon_bce_posterior_mean": vae.evaluate(model, x_test[:2000])["test_recon_bce_posterior_mean"],
            "seconds": round(seconds, 1)}
    print(f"{name} epoch {epoch}: {log}", flush=True)
    return log


def measured(model) -> dict:
    """The families page's measurements for a finished model (Fréchet distance, classes, reconstructions)."""
    from studio.demos.families import measure as families

    families.load.clear()   # the page's cached networks: the zoo may have changed under them while training
    return families.decoder_metrics(model)


if __name__ == "__main__":
    main()
