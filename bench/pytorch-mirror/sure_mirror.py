#!/usr/bin/env python3
"""PyTorch mirror of SURE's training step, for speed comparison only (issue 26 item 4).

A reference script run by hand, outside the product: nothing in Sure needs Python and CI does not run it. It rebuilds
the model of src/Sure.Core/Model (docs/model.md, ../shared/docs/sure-spec.md) with the defaults `bench/Sure.Bench`
uses (all three modalities t/a/v with IEMOCAP dims 1024 / 1582 / 342, 6 classes, 4 experts, top-3, uncertainty
routing with lambda 1, sampled experts, 2 reasoning steps, bidirectional memory, 1 gate layer, dropout 0.5, 9
speakers, concat classifier, input standardisation buffers), the same module and parameter layout (so the parameter
count equals `SureModel.CountParameters()`, printed by both), the same loss (cross-entropy with ignore_index -1 plus
0.01 x the MoE auxiliary losses), clipping at 1 and AdamW (lr 1e-4, weight decay 1e-5, betas 0.9/0.999, eps 1e-8),
gradients zeroed in place. Each phase of a step is timed on its own: collate (the batch tensors from one contiguous
feature store), forward (model and loss), backward, clip, optimiser (step and zero_grad).

Usage (one case per process, so the peak resident set is the case's own; prints one JSON line, the same fields as
`Sure.Bench child`):

    python3 bench/pytorch-mirror/sure_mirror.py --hidden 1024 --threads 1 [--steps 3] [--batch 4] [--length 50]
        [--optimizer default|foreach] [--params-only]

`--optimizer default` is torch.optim.AdamW as constructed with no foreach/fused argument (on CPU the per-parameter
loop); `foreach` passes foreach=True (the multi-tensor implementation). See docs/benchmarks.md for the side-by-side
runs and bench/pytorch-mirror/README.md for how to run it.
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DIMS = {"t": 1024, "a": 1582, "v": 342}
USED = ["t", "a", "v"]
CLASSES = 6


class InputNormalization(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.register_buffer("mean", torch.zeros(dim))
        self.register_buffer("std", torch.ones(dim))

    def forward(self, x):
        return (x - self.mean) / self.std


class InputProjection(nn.Module):
    def __init__(self, dim, d):
        super().__init__()
        self.linear = nn.Linear(dim, d, bias=False)

    def forward(self, x):
        return self.linear(x)


class UncertaintyMoE(nn.Module):
    def __init__(self, d, experts=4, top_k=3, penalty=1.0):
        super().__init__()
        self.d, self.e, self.k, self.penalty = d, experts, top_k, penalty
        self.mu = nn.Linear(d, experts * d)
        self.logvar = nn.Linear(d, experts * d)
        self.gate = nn.Linear(d, experts)

    def forward(self, h, mask):
        b, n = h.shape[0], h.shape[1]
        mu = self.mu(h).view(b, n, self.e, self.d)
        lv = self.logvar(h).view(b, n, self.e, self.d).clamp(-20, 20)
        variance = lv.exp()
        z = mu + (0.5 * lv).exp() * torch.randn_like(mu) if self.training else mu
        u = variance.mean(-1)
        gate_logits = self.gate(h)
        p = gate_logits.softmax(-1)
        score = gate_logits.log_softmax(-1)
        ud = u.detach()
        centred = ud - ud.mean(-1, keepdim=True)
        std = centred.square().mean(-1, keepdim=True).sqrt()
        score = score - self.penalty * (centred / (std + 1e-6))
        _, idx = score.topk(self.k, dim=-1)
        kept = torch.zeros_like(score, dtype=torch.bool).scatter(-1, idx, torch.ones_like(idx, dtype=torch.bool))
        w = score.masked_fill(kept.logical_not(), float("-inf")).softmax(-1)
        pad = mask.unsqueeze(-1).logical_not()
        output = (w.unsqueeze(-1) * z).sum(-2).masked_fill(pad, 0)
        count = mask.sum().to(h.dtype).clamp_min(1)
        kl_per_expert = -0.5 * (1 + lv - mu.square() - variance).mean(-1)
        kl = kl_per_expert.masked_fill(pad, 0).mean(-1).sum() / count
        lu = (w * u).masked_fill(pad, 0).sum() / count
        mean_p = p.masked_fill(pad, 0).sum([0, 1]) / count
        mean_kept = kept.to(h.dtype).masked_fill(pad, 0).sum([0, 1]) / count
        balance = self.e * (mean_p * mean_kept).sum()
        return output, kl + lu + balance


def reverse_index(mask):
    n = mask.shape[1]
    lengths = mask.sum(1, dtype=torch.int64).unsqueeze(1)
    i = torch.arange(n, dtype=torch.int64).unsqueeze(0)
    return torch.where(i < lengths, lengths - 1 - i, i)


class IterativeReasoning(nn.Module):
    def __init__(self, d, steps=2):
        super().__init__()
        self.d, self.steps = d, steps
        self.memory_fwd = nn.LSTM(d, d // 2, batch_first=True)
        self.memory_bwd = nn.LSTM(d, d // 2, batch_first=True)
        self.memory_proj = nn.Linear(d, d)
        self.query = nn.Linear(d, d)
        self.cell = nn.LSTMCell(2 * d, d)
        self.output = nn.Linear(2 * d, d)

    def forward(self, h, mask):
        b, n, d = h.shape[0], h.shape[1], self.d
        pad = mask.logical_not().unsqueeze(-1)
        h = h.masked_fill(pad, 0)
        fwd, _ = self.memory_fwd(h)
        rev = reverse_index(mask).unsqueeze(-1)
        bwd, _ = self.memory_bwd(h.gather(1, rev.expand(b, n, d)))
        bwd = bwd.gather(1, rev.expand(b, n, d // 2))
        states = torch.cat([fwd, bwd], -1)
        memory = self.memory_proj(states).masked_fill(pad, 0)
        blocked = mask.unsqueeze(1).expand(b, n, n).logical_not()
        q = self.query(h)
        c = torch.zeros_like(q)
        q_star = torch.cat([q, torch.zeros_like(q)], -1)
        memory_t = memory.transpose(1, 2)
        for _ in range(self.steps):
            qn, cn = self.cell(q_star.reshape(b * n, 2 * d), (q.reshape(b * n, d), c.reshape(b * n, d)))
            q = qn.view(b, n, d)
            c = cn.view(b, n, d)
            a = q.matmul(memory_t).masked_fill(blocked, -1e30).softmax(-1)
            q_star = torch.cat([q, a.matmul(memory)], -1)
        return self.output(q_star).masked_fill(pad, 0)


class MultiHeadAttention(nn.Module):
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.d, self.heads = d, heads
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.o = nn.Linear(d, d)
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, source, key_mask):
        b, nq, nk = queries.shape[0], queries.shape[1], source.shape[1]
        dh = self.d // self.heads
        qh = self.q(queries).view(b, nq, self.heads, dh).transpose(1, 2)
        kh = self.k(source).view(b, nk, self.heads, dh).transpose(1, 2)
        vh = self.v(source).view(b, nk, self.heads, dh).transpose(1, 2)
        scores = qh.matmul(kh.transpose(-2, -1)) / math.sqrt(dh)
        allowed = key_mask.view(b, 1, 1, nk)
        weights = self.dropout(scores.masked_fill(allowed.logical_not(), -1e30).softmax(-1))
        mixed = weights.matmul(vh).transpose(1, 2).reshape(b, nq, self.d)
        return self.o(mixed)


class EncoderLayer(nn.Module):
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.attn = MultiHeadAttention(d, heads, dropout)
        self.norm1 = nn.LayerNorm(d)
        self.ff1 = nn.Linear(d, d)
        self.ff2 = nn.Linear(d, d)
        self.norm2 = nn.LayerNorm(d)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, src, key_mask):
        x = self.norm1(x + self.dropout(self.attn(x, src, key_mask)))
        f = self.ff2(self.dropout(F.gelu(self.ff1(x))))
        return self.norm2(x + self.dropout(f))


class TransformerEncoder(nn.Module):
    def __init__(self, d, heads, layers, dropout):
        super().__init__()
        self.layers = nn.ModuleList([EncoderLayer(d, heads, dropout) for _ in range(layers)])

    def forward(self, x, src, key_mask):
        for layer in self.layers:
            x = layer(x, x if src is None else src, key_mask)
        return x


class UnimodalGate(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.linear = nn.Linear(d, d)

    def forward(self, x):
        return self.linear(x).sigmoid() * x


def sinusoidal(n, d):
    position = torch.arange(0, n, dtype=torch.float32).unsqueeze(1)
    frequency = (torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d)).exp()
    angle = position * frequency
    return torch.stack([angle.sin(), angle.cos()], -1).reshape(n, d)


class TransformerGate(nn.Module):
    def __init__(self, used, d, heads, layers, dropout, max_speakers=9):
        super().__init__()
        self.used, self.d, self.max_speakers = used, d, max_speakers
        self.speaker = nn.Embedding(max_speakers, d)
        self.intra = nn.ModuleDict()
        self.inter = nn.ModuleDict()
        self.gates = nn.ModuleDict()
        self.fuse = nn.ModuleDict()
        for m in used:
            self.intra[m] = TransformerEncoder(d, heads, layers, dropout)
            self.gates[f"{m}_{m}"] = UnimodalGate(d)
            for o in used:
                if o != m:
                    self.inter[f"{m}_{o}"] = TransformerEncoder(d, heads, layers, dropout)
                    self.gates[f"{m}_{o}"] = UnimodalGate(d)
            self.fuse[m] = nn.Linear(len(used) * d, d)
        self.dropout = nn.Dropout(dropout)

    def forward(self, inputs, mask, speakers):
        n = mask.shape[1]
        pad = mask.logical_not().unsqueeze(-1)
        context = sinusoidal(n, self.d).unsqueeze(0) + self.speaker(speakers.remainder(self.max_speakers))
        x = {m: self.dropout(inputs[m] + context).masked_fill(pad, 0) for m in self.used}
        result = {}
        for m in self.used:
            parts = [self.gates[f"{m}_{m}"](self.intra[m](x[m], None, mask))]
            for o in self.used:
                if o != m:
                    parts.append(self.gates[f"{m}_{o}"](self.inter[f"{m}_{o}"](x[m], x[o], mask)))
            result[m] = self.fuse[m](torch.cat(parts, -1)).masked_fill(pad, 0)
        return result


class Classifier(nn.Module):
    def __init__(self, used, d, classes, dropout):
        super().__init__()
        self.used = used
        self.out = nn.Linear(len(used) * d, classes)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.out(self.dropout(torch.cat([x[m] for m in self.used], -1)))


class SureMirror(nn.Module):
    def __init__(self, d, heads, used=USED, dims=DIMS, classes=CLASSES, dropout=0.5, layers=1):
        super().__init__()
        self.used = used
        self.input_norm = nn.ModuleDict({m: InputNormalization(dims[m]) for m in used})
        self.input_proj = nn.ModuleDict({m: InputProjection(dims[m], d) for m in used})
        self.moe = nn.ModuleDict({m: UncertaintyMoE(d) for m in used})
        self.reasoning = nn.ModuleDict({m: IterativeReasoning(d) for m in used})
        self.gate = TransformerGate(used, d, heads, layers, dropout)
        self.classifier = Classifier(used, d, classes, dropout)

    def forward(self, features, mask, speakers):
        pad = mask.logical_not().unsqueeze(-1)
        reps = {}
        aux = torch.zeros([])
        for m in self.used:
            h = self.input_proj[m](self.input_norm[m](features[m])).masked_fill(pad, 0)
            h, a = self.moe[m](h, mask)
            aux = aux + a
            reps[m] = self.reasoning[m](h, mask)
        return self.classifier(self.gate(reps, mask, speakers)), aux


def make_store(batch, length, seed=1):
    """One contiguous store per modality [batch * length, D] (what the C# FeatureStore holds), labels and speakers."""
    g = torch.Generator().manual_seed(seed)
    store = {m: torch.rand(batch * length, DIMS[m], generator=g) * 2 - 1 for m in USED}
    labels = torch.randint(0, CLASSES, (batch, length), generator=g)
    speakers = (torch.arange(length) % 2).unsqueeze(0).expand(batch, length)
    return store, labels, speakers


def collate(store, labels, speakers, batch, length):
    index = torch.arange(batch * length)
    features = {m: store[m].index_select(0, index).view(batch, length, -1) for m in USED}
    mask = torch.ones(batch, length, dtype=torch.bool)
    return features, mask, speakers.clone(), labels.clone()


def status_mib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def peak_mib():
    return status_mib("VmHWM:")


def memory_at(point):
    """The resident set and its peak so far (MiB) at a point of the run, as Sure.Bench's memory_mib."""
    return {"at": point, "rss": round(status_mib("VmRSS:")), "peak": round(peak_mib())}


def gemm_gflops(n=1024, reps=10, rounds=5):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a.mm(b)
    best = 0.0
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(reps):
            a.mm(b)
        best = max(best, 2.0 * n ** 3 * reps / (time.perf_counter() - t) / 1e9)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--heads", type=int, default=None, help="default: 8 at hidden >= 1024, else 4 (as Sure.Bench)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=None, help="timed steps after one warm-up (default 6, 3 at hidden >= 1024)")
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--length", type=int, default=50)
    ap.add_argument("--optimizer", choices=["default", "foreach"], default="default")
    ap.add_argument("--params-only", action="store_true", help="print the parameter count and exit")
    args = ap.parse_args()
    heads = args.heads or (8 if args.hidden >= 1024 else 4)
    steps = args.steps or (3 if args.hidden >= 1024 else 6)
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = SureMirror(args.hidden, heads)
    parameters = sum(p.numel() for p in model.parameters())
    if args.params_only:
        print(json.dumps({"hidden": args.hidden, "parameters": parameters}))
        return
    gemm = gemm_gflops()
    model.train()
    kwargs = {"foreach": True} if args.optimizer == "foreach" else {}
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=1e-5, **kwargs)
    store, labels, speakers = make_store(args.batch, args.length)
    phases = ["collate", "forward", "backward", "clip", "optimizer"]

    memory = [memory_at("model built")]

    def step(number):
        ms = []
        t = time.perf_counter()

        def lap():
            nonlocal t
            now = time.perf_counter()
            ms.append(1000.0 * (now - t))
            t = now

        features, mask, spk, lab = collate(store, labels, speakers, args.batch, args.length)
        lap()
        logits, aux = model(features, mask, spk)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[2]), lab.reshape(-1), ignore_index=-1) + aux * 0.01
        lap()
        memory.append(memory_at(f"step {number} forward"))
        t = time.perf_counter()
        loss.backward()
        lap()
        memory.append(memory_at(f"step {number} backward"))
        t = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        lap()
        opt.step()
        opt.zero_grad(set_to_none=False)
        lap()
        del logits, aux, loss
        memory.append(memory_at(f"step {number} optimizer"))
        return ms

    step(1)  # warm-up
    total = [0.0] * len(phases)
    start = time.perf_counter()
    for s in range(steps):
        for k, v in enumerate(step(s + 2)):
            total[k] += v
    seconds = time.perf_counter() - start
    print(json.dumps({
        "setup": "pytorch-" + args.optimizer, "torch": torch.__version__, "hidden": args.hidden, "heads": heads,
        "batch": args.batch, "length": args.length, "steps": steps, "threads": torch.get_num_threads(),
        "phase_ms": {p: round(total[k] / steps, 2) for k, p in enumerate(phases)},
        "utterances_per_second": round(args.batch * args.length * steps / seconds, 1),
        "step_ms": round(1000.0 * seconds / steps, 1),
        "gemm_gflops_per_second": round(gemm, 1),
        "peak_mib": round(peak_mib()),
        "parameters": parameters,
        "memory_mib": memory,
    }))


if __name__ == "__main__":
    main()
