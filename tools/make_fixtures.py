#!/usr/bin/env python3
"""Generate PyTorch reference fixtures for the Java forecaster (docs/MODEL.md).

usage: /usr/bin/python3 tools/make_fixtures.py [OUTDIR]   (default src/test/resources/fixtures)

The model is written out by hand (no nn.Linear) so that parameters live directly in the Java
layout: Linear weights are [in, out] and a linear layer is `x @ W + b`. Everything runs in float64
with dropout 0. Each fixture: one training-mode forward + MSE loss + backward, then one eval-mode
forward (using the running statistics updated by that training forward).
"""
import json, math, os, sys
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
EPS = 1e-5
MOMENTUM = 0.1


# ----------------------------------------------------------------------------------------------
# model (MODEL.md)
# ----------------------------------------------------------------------------------------------
def act_fn(name, x):
    if name == "relu":
        return torch.relu(x)
    if name == "gelu":  # tanh form, written out as in MODEL.md
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    raise ValueError(name)


def batch_norm(x, p, prefix, training):
    """x [B, T, d]; statistics over all B*T positions; running stats updated in place when training."""
    d = x.shape[-1]
    flat = x.reshape(-1, d)
    rm, rv = p[prefix + ".running_mean"], p[prefix + ".running_var"]
    if training:
        n = flat.shape[0]
        mu = flat.mean(0)
        var = ((flat - mu) ** 2).mean(0)  # biased, used for normalisation
        with torch.no_grad():
            rm.mul_(1 - MOMENTUM).add_(MOMENTUM * mu.detach())
            rv.mul_(1 - MOMENTUM).add_(MOMENTUM * var.detach() * n / (n - 1))  # unbiased
    else:
        mu, var = rm, rv
    y = (flat - mu) / torch.sqrt(var + EPS) * p[prefix + ".weight"] + p[prefix + ".bias"]
    return y.reshape(x.shape)


def layer_norm(x, p, prefix):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + EPS) * p[prefix + ".weight"] + p[prefix + ".bias"]


def norm(cfg, x, p, prefix, training):
    return batch_norm(x, p, prefix, training) if cfg["norm"] == "batch" else layer_norm(x, p, prefix)


def positional_encoding(T, d):
    pe = torch.zeros(T, d)
    t = torch.arange(T, dtype=torch.float64).unsqueeze(1)
    i2 = torch.arange(0, d, 2, dtype=torch.float64)
    omega = torch.exp(-i2 * math.log(10000.0) / d)
    pe[:, 0::2] = torch.sin(t * omega)
    pe[:, 1::2] = torch.cos(t * omega)
    return pe


def out_channel_index(cfg):
    """Input channels that are forecast: S -> [0], MS -> target = last column, M -> all."""
    m = cfg["in_channels"]
    return list(range(m)) if cfg["features"] == "M" else [m - 1]


def encoder_layer(cfg, p, h, prefix, training):
    """One post-norm encoder layer over h [B, T, d] (MODEL.md step 6)."""
    d, nh = cfg["d_model"], cfg["heads"]
    dh = d // nh
    q = h @ p[f"{prefix}.attn.q.weight"] + p[f"{prefix}.attn.q.bias"]
    k = h @ p[f"{prefix}.attn.k.weight"] + p[f"{prefix}.attn.k.bias"]
    v = h @ p[f"{prefix}.attn.v.weight"] + p[f"{prefix}.attn.v.bias"]
    heads = []
    for j in range(nh):
        sl = slice(j * dh, (j + 1) * dh)
        A = torch.softmax(q[..., sl] @ k[..., sl].transpose(1, 2) / math.sqrt(dh), dim=-1)
        heads.append(A @ v[..., sl])
    a = torch.cat(heads, dim=-1)
    h = norm(cfg, h + a @ p[f"{prefix}.attn.o.weight"] + p[f"{prefix}.attn.o.bias"], p, f"{prefix}.norm1", training)
    f = act_fn(cfg["activation"], h @ p[f"{prefix}.ffn1.weight"] + p[f"{prefix}.ffn1.bias"])
    return norm(cfg, h + f @ p[f"{prefix}.ffn2.weight"] + p[f"{prefix}.ffn2.bias"], p, f"{prefix}.norm2", training)


def forward(cfg, p, X, training):
    B, L, m = X.shape
    P, d, H, c = cfg["patch"], cfg["d_model"], cfg["horizon"], cfg["out_channels"]
    T = L // P
    if cfg["relative"]:
        last = X[:, L - 1, :]                     # [B, m], each channel its own last value
        X = X - last.unsqueeze(1)
    tok = X.reshape(B, T, P * m)                  # tok[b,t,s*m+ch] = X[b,t*P+s,ch]
    h = tok @ p["embed.weight"] + p["embed.bias"]
    h = h + positional_encoding(T, d)
    for i in range(cfg["layers"]):
        h = encoder_layer(cfg, p, h, f"layers.{i}", training)
    if cfg["head"] == "gap":
        z = h.mean(1)
    elif cfg["head"] == "last":
        z = h[:, T - 1]
    else:
        z = h.reshape(B, T * d)                   # token-major
    y = (z @ p["head.weight"] + p["head.bias"]).reshape(B, H, c)
    if cfg["relative"]:
        y = y + last[:, out_channel_index(cfg)].unsqueeze(1)
    return y


# ----------------------------------------------------------------------------------------------
# parameters
# ----------------------------------------------------------------------------------------------
def param_shapes(cfg):
    """Ordered (name, shape, kind) with kind in weight|bias|nw|nb|rm|rv."""
    P, m, d, ffn, H, c = cfg["patch"], cfg["in_channels"], cfg["d_model"], cfg["ffn"], cfg["horizon"], cfg["out_channels"]
    T = cfg["lookback"] // P
    out = [("embed.weight", [P * m, d], "weight"), ("embed.bias", [d], "bias")]
    for i in range(cfg["layers"]):
        for x in "qkvo":
            out += [(f"layers.{i}.attn.{x}.weight", [d, d], "weight"), (f"layers.{i}.attn.{x}.bias", [d], "bias")]
        def nrm(n):
            r = [(f"layers.{i}.{n}.weight", [d], "nw"), (f"layers.{i}.{n}.bias", [d], "nb")]
            if cfg["norm"] == "batch":
                r += [(f"layers.{i}.{n}.running_mean", [d], "rm"), (f"layers.{i}.{n}.running_var", [d], "rv")]
            return r
        out += nrm("norm1")
        out += [(f"layers.{i}.ffn1.weight", [d, ffn], "weight"), (f"layers.{i}.ffn1.bias", [ffn], "bias"),
                (f"layers.{i}.ffn2.weight", [ffn, d], "weight"), (f"layers.{i}.ffn2.bias", [d], "bias")]
        out += nrm("norm2")
    head_in = T * d if cfg["head"] == "flatten" else d
    out += [("head.weight", [head_in, H * c], "weight"), ("head.bias", [H * c], "bias")]
    return out


def init_params(cfg, gen):
    p = {}
    for name, shape, kind in param_shapes(cfg):
        if kind in ("weight", "bias"):
            t = torch.randn(shape, generator=gen) * 0.3
        elif kind == "nw":
            t = 0.5 + torch.rand(shape, generator=gen)
        elif kind in ("nb", "rm"):
            t = torch.randn(shape, generator=gen) * 0.2
        else:  # rv
            t = 0.5 + torch.rand(shape, generator=gen)
        p[name] = t.requires_grad_(kind not in ("rm", "rv"))
    return p


def trainable(p):
    return {k: v for k, v in p.items() if v.requires_grad}


def n_trainable(p):
    return sum(v.numel() for v in trainable(p).values())


# ----------------------------------------------------------------------------------------------
# self-checks
# ----------------------------------------------------------------------------------------------
def check_building_blocks():
    g = torch.Generator().manual_seed(7)
    x = torch.randn(3, 5, 6, generator=g)
    # GELU tanh vs torch
    assert torch.allclose(act_fn("gelu", x), F.gelu(x, approximate="tanh"), atol=1e-14, rtol=0)
    # LayerNorm vs torch
    w, b = torch.rand(6, generator=g) + 0.5, torch.randn(6, generator=g)
    p = {"n.weight": w, "n.bias": b}
    assert torch.allclose(layer_norm(x, p, "n"), F.layer_norm(x, (6,), w, b, EPS), atol=1e-12, rtol=0)
    # BatchNorm (train + running update + eval) vs torch.nn.BatchNorm1d over [B, C, T]
    bn = torch.nn.BatchNorm1d(6, eps=EPS, momentum=MOMENTUM)
    rm, rv = torch.randn(6, generator=g) * 0.2, torch.rand(6, generator=g) + 0.5
    with torch.no_grad():
        bn.weight.copy_(w); bn.bias.copy_(b); bn.running_mean.copy_(rm); bn.running_var.copy_(rv)
    p.update({"n.running_mean": rm.clone(), "n.running_var": rv.clone()})
    ref = bn(x.transpose(1, 2)).transpose(1, 2)
    assert torch.allclose(batch_norm(x, p, "n", True), ref, atol=1e-12, rtol=0)
    assert torch.allclose(p["n.running_mean"], bn.running_mean, atol=1e-14, rtol=0)
    assert torch.allclose(p["n.running_var"], bn.running_var, atol=1e-14, rtol=0)
    bn.eval()
    ref = bn(x.transpose(1, 2)).transpose(1, 2)
    assert torch.allclose(batch_norm(x, p, "n", False), ref, atol=1e-12, rtol=0)
    # multi-head attention with 1/sqrt(dh) vs torch.nn.MultiheadAttention (weights transposed)
    d, nh = 6, 2
    mha = torch.nn.MultiheadAttention(d, nh, batch_first=True, dropout=0.0)
    Wq, Wk, Wv = (mha.in_proj_weight[i * d:(i + 1) * d].T for i in range(3))
    bq, bk, bv = (mha.in_proj_bias[i * d:(i + 1) * d] for i in range(3))
    q, k, v = x @ Wq + bq, x @ Wk + bk, x @ Wv + bv
    dh = d // nh
    a = torch.cat([torch.softmax(q[..., j*dh:(j+1)*dh] @ k[..., j*dh:(j+1)*dh].transpose(1, 2) / math.sqrt(dh), -1)
                   @ v[..., j*dh:(j+1)*dh] for j in range(nh)], -1)
    mine = a @ mha.out_proj.weight.T + mha.out_proj.bias
    assert torch.allclose(mine, mha(x, x, x, need_weights=False)[0], atol=1e-12, rtol=0)


def finite_difference_check(cfg, p, X, Y, gen, n_checks=6):
    """Central differences on a few random parameter entries (training mode; running stats restored)."""
    saved = {k: v.detach().clone() for k, v in p.items()}

    def restore_buffers():
        with torch.no_grad():
            for k, v in p.items():
                if not v.requires_grad:
                    v.copy_(saved[k])

    def loss_fn():
        out = forward(cfg, p, X, training=True)
        return ((out - Y) ** 2).mean()

    for v in p.values():
        v.grad = None
    loss_fn().backward()
    restore_buffers()
    names = sorted(trainable(p))
    h, worst = 1e-6, 0.0
    for _ in range(n_checks):
        name = names[int(torch.randint(len(names), (1,), generator=gen))]
        t = p[name]
        idx = int(torch.randint(t.numel(), (1,), generator=gen))
        analytic = t.grad.reshape(-1)[idx].item()
        with torch.no_grad():
            flat = t.view(-1)
            orig = flat[idx].item()
            flat[idx] = orig + h; lp = loss_fn().item()
            flat[idx] = orig - h; lm = loss_fn().item()
            flat[idx] = orig
        restore_buffers()
        numeric = (lp - lm) / (2 * h)
        err = abs(numeric - analytic) / max(1e-6, abs(numeric) + abs(analytic))
        worst = max(worst, err)
        assert err < 1e-6, f"finite difference mismatch {name}[{idx}]: numeric {numeric} vs analytic {analytic}"
    for v in p.values():
        v.grad = None
    for k, v in p.items():  # everything exactly as before
        assert torch.equal(v.detach(), saved[k])
    return worst


# ----------------------------------------------------------------------------------------------
# fixtures
# ----------------------------------------------------------------------------------------------
def check_input_gradient_and_relative(cfg, p, X):
    """torch.autograd.gradcheck w.r.t. the whole input (training mode), and, for relative models,
    the shift property f(X + s_ch) = f(X) + s_out (a per-channel constant drops out of the input)."""
    saved = {k: v.detach().clone() for k, v in p.items() if not v.requires_grad}
    def f(x):
        return forward(cfg, p, x, training=True)
    assert torch.autograd.gradcheck(f, (X.clone().requires_grad_(True),), eps=1e-6, atol=1e-7, rtol=1e-6)
    if cfg["relative"]:
        shift = torch.arange(1, cfg["in_channels"] + 1, dtype=torch.float64) * 0.7
        with torch.no_grad():
            y0, y1 = f(X), f(X + shift)
        assert torch.allclose(y1, y0 + shift[out_channel_index(cfg)], atol=1e-12, rtol=0)
    with torch.no_grad():
        for k, v in saved.items():
            p[k].copy_(v)
    for v in p.values():
        v.grad = None


def tensor_json(t):
    t = t.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "data": [float(x) for x in t.reshape(-1).tolist()]}


def cfg(features, L, H, m, c, d, heads, layers, ffn, norm, act, head, relative, P, B=4):
    return {"features": features, "lookback": L, "horizon": H, "in_channels": m, "out_channels": c,
            "d_model": d, "heads": heads, "layers": layers, "ffn": ffn, "norm": norm, "activation": act,
            "head": head, "relative": relative, "patch": P, "batch": B}


CONFIGS = [
    ("paper_ms_gap_batch_relu", 101, cfg("MS", 8, 3, 3, 1, 8, 1, 1, 32, "batch", "relu", "gap", False, 1)),
    ("s_flatten_layer_gelu_rel_p3_2layers", 102, cfg("S", 12, 3, 1, 1, 8, 2, 2, 16, "layer", "gelu", "flatten", True, 3)),
    ("m_last_batch_gelu_rel_p2", 103, cfg("M", 8, 3, 2, 2, 8, 2, 1, 16, "batch", "gelu", "last", True, 2)),
    ("ms_gap_layer_relu_rel_4heads", 104, cfg("MS", 8, 3, 2, 1, 8, 4, 1, 12, "layer", "relu", "gap", True, 1)),
]


def make_fixture(c, seed):
    gen = torch.Generator().manual_seed(seed)
    assert c["lookback"] % c["patch"] == 0 and c["d_model"] % 2 == 0 and c["d_model"] % c["heads"] == 0
    assert c["out_channels"] == (c["in_channels"] if c["features"] == "M" else 1)
    assert c["features"] != "S" or c["in_channels"] == 1
    p = init_params(c, gen)
    B, L, m, H, oc = c["batch"], c["lookback"], c["in_channels"], c["horizon"], c["out_channels"]
    X = torch.randn(B, L, m, generator=gen)
    Y = torch.randn(B, H, oc, generator=gen)

    fd_err = finite_difference_check(c, p, X, Y, gen)
    check_input_gradient_and_relative(c, p, X)

    params_before = {k: tensor_json(v) for k, v in p.items()}
    out = forward(c, p, X, training=True)
    loss = ((out - Y) ** 2).mean()
    loss.backward()
    grads = {k: tensor_json(v.grad) for k, v in trainable(p).items()}
    running_after = {k: tensor_json(v) for k, v in p.items() if k.endswith(".running_mean") or k.endswith(".running_var")}
    with torch.no_grad():
        eval_out = forward(c, p, X, training=False)
    fixture = {"config": c, "params": params_before, "input": tensor_json(X), "target": tensor_json(Y),
               "output": tensor_json(out), "loss": float(loss.item()), "grads": grads,
               "running_after": running_after, "eval_output": tensor_json(eval_out)}
    return fixture, p, fd_err


def check_param_count():
    # MODEL.md formula 12d^2 + (15+m)d + H*c: the paper model (P=1, gap, ffn=4d, batch norm, 1 layer).
    # Per-term: embed (m+1)d, attention 4d^2+4d, norms 4d, ffn 8d^2+5d, head d*H*c + H*c.
    # So the exact count is 12d^2 + (14+m+H*c)d + H*c; MODEL.md's form equals it only when H*c = 1.
    base = CONFIGS[0][2]
    for H in (1, 3, 5):
        for m in (1, 3, 7):
            for d in (8, 16):
                cc = dict(base, horizon=H, in_channels=m, d_model=d, ffn=4 * d)
                n = n_trainable(init_params(cc, torch.Generator().manual_seed(0)))
                Hc = H * cc["out_channels"]
                assert n == 12 * d * d + (14 + m + Hc) * d + Hc, (cc, n)
                if Hc == 1:
                    assert n == 12 * d * d + (15 + m) * d + Hc, (cc, n)
    d, m, Hc = base["d_model"], base["in_channels"], base["horizon"] * base["out_channels"]
    return n_trainable(init_params(base, torch.Generator().manual_seed(0))), 12 * d * d + (15 + m) * d + Hc


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures")
    os.makedirs(outdir, exist_ok=True)
    check_building_blocks()
    n, formula = check_param_count()
    print(f"param count config 1: {n} (MODEL.md formula with H*c=3 gives {formula}; exact 12d^2+(14+m+Hc)d+Hc verified)")
    for name, seed, c in CONFIGS:
        fixture, p, fd_err = make_fixture(c, seed)
        path = os.path.join(outdir, name + ".json")
        with open(path, "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
            f.write("\n")
        size = os.path.getsize(path)
        assert size < 200_000, (path, size)
        # round-trip: the JSON reproduces the doubles bit-exactly
        with open(path) as f:
            back = json.load(f)
        assert back["loss"] == fixture["loss"] and back["grads"] == fixture["grads"]
        print(f"{name}.json: {size} bytes, trainable params {n_trainable(p)}, loss {fixture['loss']!r}, "
              f"finite-difference worst rel err {fd_err:.2e}")


if __name__ == "__main__":
    main()
