#!/usr/bin/env python3
"""Generate PyTorch reference fixtures for the inter-series forecaster (docs/MODEL.md, "The inter-series model").

usage: /usr/bin/python3 tools/make_interseries_fixtures.py [OUTDIR]   (default src/test/resources/fixtures)

Shares the building blocks of make_fixtures.py (norms, activations, positional encoding, JSON layout) and, like it,
writes the model out by hand in float64 with weights stored [in, out]. Each fixture: one training-mode forward +
MSE loss + backward, then one eval-mode forward. Before writing, the analytic gradients are checked against
central finite differences on every parameter tensor and torch.autograd.gradcheck on the input values.
"""
import json, math, os, sys
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import act_fn, encoder_layer, norm, positional_encoding, tensor_json  # noqa: E402

torch.set_default_dtype(torch.float64)


def forward(cfg, p, X, D, training):
    """X [B, L, N] values, D [B, L + H, f] date features (f may be 0); returns [B, H, N]."""
    B, L, N = X.shape
    P, d, H, f = cfg["patch"], cfg["d_model"], cfg["horizon"], cfg["date_features"]
    T = L // P
    last = X[:, L - 1, :] if cfg["relative"] else torch.zeros(B, N)
    S = (X - last.unsqueeze(1)).transpose(1, 2)                       # [B, N, L], series-major
    u = S @ p["series.embed.weight"] + p["series.embed.bias"]         # [B, N, d]
    if cfg["series_embedding"]:
        u = u + p["series.embedding"]
    if cfg["cross_series"]:
        for i in range(cfg["cross_layers"]):
            u = encoder_layer(cfg, p, u, f"cross.layers.{i}", training)
    c = u @ p["context.weight"] + p["context.bias"]                   # [B, N, d]
    e = S.reshape(B, N, T, P) @ p["embed.weight"] + p["embed.bias"]   # [B, N, T, d]
    if cfg["positional_encoding"]:
        e = e + positional_encoding(T, d)
    if f > 0:
        de = D[:, :L].reshape(B, T, P * f) @ p["dates.embed.weight"] + p["dates.embed.bias"]     # [B, T, d]
        fe = D[:, L:].reshape(B, H * f) @ p["dates.future.weight"] + p["dates.future.bias"]      # [B, d]
        e = e + de.unsqueeze(1)
        c = c + fe.unsqueeze(1)
    h = torch.cat([e, c.unsqueeze(2)], dim=2).reshape(B * N, T + 1, d)
    for i in range(cfg["layers"]):
        h = encoder_layer(cfg, p, h, f"layers.{i}", training)
    if cfg["head"] == "gap":
        z = h.mean(1)
    elif cfg["head"] == "last":
        z = h[:, T]
    else:
        z = h.reshape(B * N, (T + 1) * d)
    y = (z @ p["head.weight"] + p["head.bias"]).reshape(B, N, H).transpose(1, 2)
    return y + last.unsqueeze(1) if cfg["relative"] else y


def layer_shapes(prefix, cfg):
    d, ffn = cfg["d_model"], cfg["ffn"]
    out = []
    for x in "qkvo":
        out += [(f"{prefix}.attn.{x}.weight", [d, d], "weight"), (f"{prefix}.attn.{x}.bias", [d], "bias")]

    def nrm(n):
        r = [(f"{prefix}.{n}.weight", [d], "nw"), (f"{prefix}.{n}.bias", [d], "nb")]
        if cfg["norm"] == "batch":
            r += [(f"{prefix}.{n}.running_mean", [d], "rm"), (f"{prefix}.{n}.running_var", [d], "rv")]
        return r
    out += nrm("norm1")
    out += [(f"{prefix}.ffn1.weight", [d, ffn], "weight"), (f"{prefix}.ffn1.bias", [ffn], "bias"),
            (f"{prefix}.ffn2.weight", [ffn, d], "weight"), (f"{prefix}.ffn2.bias", [d], "bias")]
    return out + nrm("norm2")


def param_shapes(cfg):
    L, H, N, P, d, f = cfg["lookback"], cfg["horizon"], cfg["series"], cfg["patch"], cfg["d_model"], cfg["date_features"]
    T = L // P
    out = [("series.embed.weight", [L, d], "weight"), ("series.embed.bias", [d], "bias")]
    if cfg["series_embedding"]:
        out.append(("series.embedding", [N, d], "weight"))
    if cfg["cross_series"]:
        for i in range(cfg["cross_layers"]):
            out += layer_shapes(f"cross.layers.{i}", cfg)
    out += [("context.weight", [d, d], "weight"), ("context.bias", [d], "bias"),
            ("embed.weight", [P, d], "weight"), ("embed.bias", [d], "bias")]
    if f > 0:
        out += [("dates.embed.weight", [P * f, d], "weight"), ("dates.embed.bias", [d], "bias"),
                ("dates.future.weight", [H * f, d], "weight"), ("dates.future.bias", [d], "bias")]
    for i in range(cfg["layers"]):
        out += layer_shapes(f"layers.{i}", cfg)
    head_in = (T + 1) * d if cfg["head"] == "flatten" else d
    return out + [("head.weight", [head_in, H], "weight"), ("head.bias", [H], "bias")]


def init_params(cfg, gen):
    p = {}
    for name, shape, kind in param_shapes(cfg):
        if kind in ("weight", "bias"):
            t = torch.randn(shape, generator=gen) * 0.3
        elif kind == "nw":
            t = 0.5 + torch.rand(shape, generator=gen)
        elif kind in ("nb", "rm"):
            t = torch.randn(shape, generator=gen) * 0.2
        else:
            t = 0.5 + torch.rand(shape, generator=gen)
        p[name] = t.requires_grad_(kind not in ("rm", "rv"))
    return p


def check_gradients(cfg, p, X, D, Y):
    """Central differences on one entry of every trainable tensor, then gradcheck on the input values."""
    saved = {k: v.detach().clone() for k, v in p.items()}

    def restore_buffers():
        with torch.no_grad():
            for k, v in p.items():
                if not v.requires_grad:
                    v.copy_(saved[k])

    def loss_fn():
        return ((forward(cfg, p, X, D, training=True) - Y) ** 2).mean()

    for v in p.values():
        v.grad = None
    loss_fn().backward()
    restore_buffers()
    worst = 0.0
    for name in sorted(k for k, v in p.items() if v.requires_grad):
        t = p[name]
        idx = (t.numel() * 7 + 3) // 11 % t.numel()
        analytic = t.grad.reshape(-1)[idx].item()
        with torch.no_grad():
            flat = t.view(-1)
            orig = flat[idx].item()
            flat[idx] = orig + 1e-6; lp = loss_fn().item()
            flat[idx] = orig - 1e-6; lm = loss_fn().item()
            flat[idx] = orig
        restore_buffers()
        numeric = (lp - lm) / 2e-6
        # Relative error; gradients that are zero in exact arithmetic (a bias that batch norm cancels) only need
        # to agree to the difference quotient's rounding.
        scale = abs(numeric) + abs(analytic)
        err = abs(numeric - analytic) / scale if scale > 1e-6 else (0.0 if abs(numeric - analytic) < 1e-8 else 1.0)
        worst = max(worst, err)
        assert err < 1e-6, f"finite difference mismatch {name}[{idx}]: {numeric} vs {analytic}"
    for v in p.values():
        v.grad = None
    assert torch.autograd.gradcheck(lambda x: forward(cfg, p, x, D, training=True), (X.clone().requires_grad_(True),),
                                    eps=1e-6, atol=1e-7, rtol=1e-6)
    restore_buffers()
    for v in p.values():
        v.grad = None
    return worst


def cfg(N, L, H, P, d, heads, layers, cross_layers, ffn, norm_kind, act, head, relative, f, *, cross=True,
        embedding=True, pe=True, B=3):
    return {"model": "inter-series", "series": N, "lookback": L, "horizon": H, "patch": P, "d_model": d, "heads": heads,
            "layers": layers, "cross_layers": cross_layers, "ffn": ffn, "norm": norm_kind, "activation": act, "head": head,
            "relative": relative, "date_features": f, "cross_series": cross, "series_embedding": embedding,
            "positional_encoding": pe, "batch": B}


CONFIGS = [
    ("is_flatten_batch_relu_dates_p2", 201, cfg(3, 8, 3, 2, 8, 2, 1, 1, 16, "batch", "relu", "flatten", True, 2)),
    ("is_last_layer_gelu_ablation_p4", 202, cfg(4, 8, 2, 4, 8, 1, 2, 1, 12, "layer", "gelu", "last", False, 0,
                                                 cross=False, embedding=False, pe=False)),
    ("is_gap_batch_relu_2cross_4heads", 203, cfg(3, 6, 2, 3, 8, 4, 1, 2, 16, "batch", "relu", "gap", True, 3, pe=False)),
]


def make_fixture(c, seed):
    gen = torch.Generator().manual_seed(seed)
    p = init_params(c, gen)
    B, L, H, N, f = c["batch"], c["lookback"], c["horizon"], c["series"], c["date_features"]
    X = torch.randn(B, L, N, generator=gen)
    D = torch.rand(B, L + H, f, generator=gen) * 2 - 1
    Y = torch.randn(B, H, N, generator=gen)
    fd = check_gradients(c, p, X, D, Y)
    params_before = {k: tensor_json(v) for k, v in p.items()}
    out = forward(c, p, X, D, training=True)
    loss = ((out - Y) ** 2).mean()
    loss.backward()
    grads = {k: tensor_json(v.grad) for k, v in p.items() if v.requires_grad}
    running_after = {k: tensor_json(v) for k, v in p.items() if "running" in k}
    with torch.no_grad():
        eval_out = forward(c, p, X, D, training=False)
    windows = torch.cat([X.reshape(B, L * N), D.reshape(B, (L + H) * f)], dim=1)   # the Java layout per window
    fixture = {"config": c, "params": params_before, "input": tensor_json(windows), "target": tensor_json(Y),
               "output": tensor_json(out), "loss": float(loss.item()), "grads": grads,
               "running_after": running_after, "eval_output": tensor_json(eval_out)}
    return fixture, p, fd


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures")
    os.makedirs(outdir, exist_ok=True)
    for name, seed, c in CONFIGS:
        fixture, p, fd = make_fixture(c, seed)
        path = os.path.join(outdir, name + ".json")
        with open(path, "w") as fh:
            json.dump(fixture, fh, separators=(",", ":"))
            fh.write("\n")
        size = os.path.getsize(path)
        assert size < 200_000, (path, size)
        n = sum(v.numel() for v in p.values() if v.requires_grad)
        print(f"{name}.json: {size} bytes, trainable params {n}, loss {fixture['loss']!r}, finite-difference worst rel err {fd:.2e}")


if __name__ == "__main__":
    main()
