"""PyTorch reference for `intformer bench` on the models the shared script (shared/bench/torch_reference.py) cannot
express: patch embedding, the linear path, several heads, layer norm, GELU, any FFN width. It builds the network of
docs/MODEL.md (relative input, patches as tokens, embedding + sinusoidal positions, post-norm encoder layers, a
gap/last/flatten head, the linear path from the absolute window added to the forecast, the last value added back) and
times one epoch of training steps exactly as the shared script does: ETTh1's standard 12/4/4-month split z-scored with
train statistics, shuffled batches, MSE, Adam (betas 0.9/0.98, eps 1e-9; the linear path at 0.1x the learning rate as
intformer trains it), ms_per_step = epoch seconds / steps.

Bench-only: nothing in the product or CI needs Python. Needs Debian's python3-torch (/usr/bin/python3).
usage: /usr/bin/python3 tools/torch_patch_reference.py CSV --features S --target OT --window 96 --horizon 24 \
           --d 32 --patch 8 --head last --relative --linear-path --threads 1
"""
import argparse, math, time, numpy as np, torch, torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("csv"); p.add_argument("--features", default="S", choices=["S", "MS"]); p.add_argument("--target", default="OT")
p.add_argument("--window", type=int, default=96); p.add_argument("--horizon", type=int, default=24)
p.add_argument("--d", type=int, default=32); p.add_argument("--heads", type=int, default=1); p.add_argument("--layers", type=int, default=1)
p.add_argument("--ffn", type=int, default=0, help="feed-forward width (0: 4 x d)"); p.add_argument("--patch", type=int, default=1)
p.add_argument("--norm", default="batch", choices=["batch", "layer"]); p.add_argument("--activation", default="relu", choices=["relu", "gelu"])
p.add_argument("--head", default="last", choices=["gap", "last", "flatten"]); p.add_argument("--relative", action="store_true")
p.add_argument("--linear-path", action="store_true"); p.add_argument("--dropout", type=float, default=0.0)
p.add_argument("--epochs", type=int, default=1); p.add_argument("--batch", type=int, default=256); p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--seed", type=int, default=1); p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.manual_seed(a.seed); np.random.seed(a.seed); torch.set_num_threads(a.threads)
if a.window % a.patch: raise SystemExit(f"patch {a.patch} must divide window {a.window}")
header = open(a.csv).readline().strip().split(",")[1:]
if a.target not in header: raise SystemExit(f"no column {a.target} in {a.csv}")
raw = np.genfromtxt(a.csv, delimiter=",", skip_header=1, usecols=range(1, len(header) + 1)).astype(np.float32)
tcol = header.index(a.target)
if a.features == "S": raw, tcol = raw[:, tcol:tcol + 1], 0
b1 = 12 * 30 * 24
mu, sd = raw[:b1].mean(0), raw[:b1].std(0)
z = (raw - mu) / sd
X = torch.tensor(np.array([z[s:s + a.window] for s in range(0, b1 - a.window - a.horizon + 1)]))
Y = torch.tensor(np.array([z[s + a.window:s + a.window + a.horizon, tcol] for s in range(0, b1 - a.window - a.horizon + 1)]))
m, T, d, ffn = X.shape[2], a.window // a.patch, a.d, a.ffn or 4 * a.d

class Norm(nn.Module):
    """Normalization over channels of [B, T, d]: BatchNorm1d over all samples and positions, or LayerNorm."""
    def __init__(s):
        super().__init__(); s.n = nn.BatchNorm1d(d) if a.norm == "batch" else nn.LayerNorm(d)
    def forward(s, x): return s.n(x.transpose(1, 2)).transpose(1, 2) if a.norm == "batch" else s.n(x)

class Enc(nn.Module):
    """Post-norm encoder layer; heads are column blocks of q, k, v."""
    def __init__(s):
        super().__init__(); s.q, s.k, s.v, s.o = (nn.Linear(d, d) for _ in range(4))
        s.n1, s.n2 = Norm(), Norm(); s.f1, s.f2 = nn.Linear(d, ffn), nn.Linear(ffn, d); s.drop = nn.Dropout(a.dropout)
        s.act = nn.ReLU() if a.activation == "relu" else nn.GELU(approximate="tanh")
    def split(s, x): return x.view(x.shape[0], T, a.heads, d // a.heads).transpose(1, 2)
    def forward(s, x):
        q, k, v = s.split(s.q(x)), s.split(s.k(x)), s.split(s.v(x))
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d // a.heads), -1)
        o = (att @ v).transpose(1, 2).reshape(x.shape[0], T, d)
        x = s.n1(x + s.drop(s.o(o)))
        return s.n2(x + s.drop(s.f2(s.act(s.f1(x)))))

class PatchForecaster(nn.Module):
    def __init__(s):
        super().__init__(); s.emb = nn.Linear(a.patch * m, d); s.drop = nn.Dropout(a.dropout)
        s.enc = nn.Sequential(*[Enc() for _ in range(a.layers)])
        s.out = nn.Linear(d * T if a.head == "flatten" else d, a.horizon)
        s.path = nn.Linear(a.window * m, a.horizon) if a.linear_path else None
        pe = torch.zeros(T, d); pos = torch.arange(T, dtype=torch.float64).unsqueeze(1)
        div = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
        pe[:, 0::2] = torch.sin(pos * div).float(); pe[:, 1::2] = torch.cos(pos * div).float(); s.register_buffer("pe", pe)
    def forward(s, x):
        last = x[:, -1:, :]
        xr = x - last if a.relative else x
        h = s.enc(s.drop(s.emb(xr.reshape(x.shape[0], T, a.patch * m)) + s.pe))  # [B, L, m] is [B, L/P, P*m]
        h = h.mean(1) if a.head == "gap" else h[:, -1] if a.head == "last" else h.flatten(1)
        y = s.out(h)
        if s.path is not None: y = y + s.path(x.flatten(1))  # the path reads the absolute window
        return y + last[:, 0, tcol:tcol + 1] if a.relative else y

net = PatchForecaster()
path_params = list(net.path.parameters()) if net.path is not None else []
rest = [q for q in net.parameters() if all(q is not r for r in path_params)]
groups = [{"params": rest}] + ([{"params": path_params, "lr": a.lr * 0.1}] if path_params else [])
opt = torch.optim.Adam(groups, lr=a.lr, betas=(0.9, 0.98), eps=1e-9)
t_train, steps = 0.0, 0
for ep in range(a.epochs):
    perm = torch.randperm(len(X)); t0 = time.perf_counter()
    for i in range(0, len(X), a.batch):
        idx = perm[i:i + a.batch]; opt.zero_grad(); loss = ((net(X[idx]) - Y[idx]) ** 2).mean(); loss.backward(); opt.step(); steps += 1
    t_train += time.perf_counter() - t0
params = sum(q.numel() for q in net.parameters())
print(f"features={a.features} window={a.window} horizon={a.horizon} d={d} heads={a.heads} layers={a.layers} ffn={ffn} "
      f"patch={a.patch} tokens={T} norm={a.norm} head={a.head} relative={a.relative} linear_path={a.linear_path} "
      f"params={params} train_windows={len(X)} loss={float(loss):.4f}")
print(f"train_seconds={t_train:.1f} epochs={a.epochs} ms_per_step={1000 * t_train / steps:.2f} threads={a.threads}")
