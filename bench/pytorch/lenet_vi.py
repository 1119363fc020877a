#!/usr/bin/env python3
"""Side-by-side: the mean-field VI LeNet-5 of AnalogLA in PyTorch (CPU) and in AnalogLA, in one run.

Same architecture (conv 5x5/6 pad 2 - ReLU - maxpool 2 - conv 5x5/16 - ReLU - maxpool 2 - FC 120 - FC 84 -
FC 10, every weight layer Bayesian, softplus(rho) posteriors, local reparameterisation: y = W_mu*x + b_mu +
sqrt(sigma^2*x^2 + sigma_b^2)*eps), same recipe (Adam 2e-3 with cosine decay to 5 %, batch 128, KL/N), same
inference (32 Monte Carlo samples per image, batches of 250 as `bnn eval` uses). The PyTorch side is written
the way an ML user would write it (one forward pass per sample). Work per image does not depend on the
weights, so PyTorch times freshly initialised weights; AnalogLA runs its shipped checkpoint.

Usage (from the repository root, after `dotnet build AnalogLA.sln -c Release`):
    /usr/bin/python3 bench/pytorch/lenet_vi.py [--threads 2] [--images 2000] [--train-images 60000] [--rounds 2]
        [--hardware-images 500] [--device-level-images 0]
Needs Debian's python3-torch and python3-numpy; Fashion-MNIST from dataset-fashion-mnist (random images if absent).
"""
import argparse, gzip, json, math, os, re, subprocess, sys, tempfile, time

import numpy as np
import torch
import torch.nn.functional as F

FASHION = "/usr/share/datasets/fashion-mnist"
CLI = "src/AnalogLA.Cli/bin/Release/net10.0/AnalogLA.Cli.dll"
CHECKPOINT = "examples/04-BayesianFashionMnist/lenet5-fashion-mnist.bnn"


def idx_images(name, count):
    path = os.path.join(FASHION, name)
    if not os.path.exists(path):
        return np.random.default_rng(1).random((count, 1, 28, 28), dtype=np.float32)
    with gzip.open(path, "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    return (data.reshape(-1, 1, 28, 28)[:count].astype(np.float32) / 255.0)


class BayesLayer(torch.nn.Module):
    def __init__(self, out_features, fan_in, conv=None):
        super().__init__()
        shape = (out_features, fan_in) if conv is None else (out_features, conv[0], conv[1], conv[1])
        self.conv = conv
        self.mu = torch.nn.Parameter(torch.randn(shape) * math.sqrt(2.0 / fan_in))
        self.rho = torch.nn.Parameter(torch.full(shape, -5.0))
        self.b_mu = torch.nn.Parameter(torch.zeros(out_features))
        self.b_rho = torch.nn.Parameter(torch.full((out_features,), -5.0))

    def forward(self, x):
        var, b_var = F.softplus(self.rho) ** 2, F.softplus(self.b_rho) ** 2
        if self.conv is None:
            mean, v = F.linear(x, self.mu, self.b_mu), F.linear(x * x, var, b_var)
        else:
            pad = self.conv[2]
            mean, v = F.conv2d(x, self.mu, self.b_mu, padding=pad), F.conv2d(x * x, var, b_var, padding=pad)
        return mean + torch.sqrt(v + 1e-16) * torch.randn_like(mean)

    def kl(self, prior=0.1):
        total = 0.0
        for mu, rho in ((self.mu, self.rho), (self.b_mu, self.b_rho)):
            s = F.softplus(rho)
            total = total + (torch.log(prior / s) + (s * s + mu * mu) / (2 * prior * prior) - 0.5).sum()
        return total


class LeNet5(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c1, self.c2 = BayesLayer(6, 25, (1, 5, 2)), BayesLayer(16, 150, (6, 5, 0))
        self.f1, self.f2, self.f3 = BayesLayer(120, 400), BayesLayer(84, 120), BayesLayer(10, 84)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2).flatten(1)
        return self.f3(F.relu(self.f2(F.relu(self.f1(x)))))

    def kl(self):
        return sum(m.kl() for m in (self.c1, self.c2, self.f1, self.f2, self.f3))


def torch_inference(images, samples, batch):
    net = LeNet5()
    x_all = torch.from_numpy(images)
    start = time.perf_counter()
    with torch.no_grad():
        for b in range(0, len(x_all), batch):
            x = x_all[b:b + batch]
            probs = torch.zeros(len(x), 10)
            for _ in range(samples):
                probs += F.softmax(net(x), dim=1)
    return len(x_all) / (time.perf_counter() - start)


def torch_epoch(images, batch=128, lr=2e-3):
    net = LeNet5()
    labels = torch.from_numpy(np.arange(len(images)) % 10)
    x_all = torch.from_numpy(images)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    steps = (len(x_all) + batch - 1) // batch
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * s / steps)))
    order = torch.randperm(len(x_all))
    start = time.perf_counter()
    for b in range(steps):
        idx = order[b * batch:(b + 1) * batch]
        loss = F.cross_entropy(net(x_all[idx]), labels[idx]) + net.kl() / len(x_all)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    return time.perf_counter() - start


def analogla_inference(images, samples, hardware=None):
    extra = [] if hardware is None else ["--hardware", "spintronic", "--sampling", hardware]
    out = subprocess.run(["dotnet", CLI, "bnn", "eval", "--model", CHECKPOINT, "--limit", str(images),
                          "--samples", str(samples), "--json"] + extra, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["images_per_second"]


def analogla_epoch(images):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["dotnet", CLI, "bnn", "train", "--epochs", "1", "--train-limit", str(images),
                              "--out", os.path.join(tmp, "bench.bnn")], capture_output=True, text=True, check=True)
    return float(re.search(r"\(([0-9.]+) s per epoch\)", out.stdout).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--images", type=int, default=2000, help="test images for MC inference")
    parser.add_argument("--samples", type=int, default=32)
    parser.add_argument("--train-images", type=int, default=60000)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds (both sides each round)")
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--hardware-images", type=int, default=500,
                        help="test images for MC inference on simulated spintronic arrays (dwmtj-realistic, output-space sampling; 0 skips)")
    parser.add_argument("--device-level-images", type=int, default=0,
                        help="test images for device-level Bayes-MTJ sampling (slow; 0 skips)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    test, train = idx_images("t10k-images-idx3-ubyte.gz", args.images), None
    if not args.skip_training:
        train = idx_images("train-images-idx3-ubyte.gz", args.train_images)
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads; {args.images} test images x {args.samples} samples"
          + ("" if train is None else f"; training epoch on {len(train)} images"))
    for r in range(args.rounds):
        ours, theirs = analogla_inference(args.images, args.samples), torch_inference(test, args.samples, 250)
        line = f"round {r + 1}: MC inference images/s  AnalogLA {ours:.1f}  PyTorch {theirs:.1f}  ratio {ours / theirs:.2f}x"
        if args.hardware_images > 0:
            hw = analogla_inference(args.hardware_images, args.samples, "output")
            line += f" | spintronic output-space {hw:.1f} images/s = {hw / theirs:.2f}x PyTorch software"
        if args.device_level_images > 0:
            dl = analogla_inference(args.device_level_images, args.samples, "device")
            line += f" | device-level {dl:.2f} images/s = {dl / theirs:.4f}x"
        if train is not None:
            ours_e, theirs_e = analogla_epoch(len(train)), torch_epoch(train)
            line += f" | epoch s  AnalogLA {ours_e:.1f}  PyTorch {theirs_e:.1f}  ratio {ours_e / theirs_e:.2f}x"
        print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
