# CPU anchor for `jgpt bench train --anchor` and `jgpt bench decode --anchor`: the book's GPT-2 124M
# architecture in plain PyTorch (Debian's python3-torch on OpenBLAS), timed for training steps (AdamW) and
# batch-1 greedy decoding with a KV cache. Written for this project (from shared/anchors/torch_cpu_gpt.py);
# this copy also takes the batch, context, dropout and step counts and prints the peak resident memory.
# Usage: python3 torch_cpu_gpt.py [train|decode|both] [threads] [batch] [seq] [dropout] [steps] [new_tokens]
# (decode: seq is the prompt length; the prompt's own pass is not timed)
import sys, time, math, resource, torch, torch.nn as nn, torch.nn.functional as F
mode = sys.argv[1] if len(sys.argv) > 1 else "both"
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
B = int(sys.argv[3]) if len(sys.argv) > 3 else 2
T = int(sys.argv[4]) if len(sys.argv) > 4 else 256
DROP = float(sys.argv[5]) if len(sys.argv) > 5 else 0.1
STEPS = int(sys.argv[6]) if len(sys.argv) > 6 else 5
NEW = int(sys.argv[7]) if len(sys.argv) > 7 else 64
CFG = dict(vocab=50257, ctx=max(256, T + NEW), emb=768, heads=12, layers=12, drop=DROP)
class Block(nn.Module):
    def __init__(s, c):
        super().__init__(); e = c["emb"]; s.h = c["heads"]
        s.ln1, s.ln2 = nn.LayerNorm(e), nn.LayerNorm(e)
        s.qkv, s.proj = nn.Linear(e, 3 * e, bias=False), nn.Linear(e, e)
        s.ff = nn.Sequential(nn.Linear(e, 4 * e), nn.GELU(approximate="tanh"), nn.Linear(4 * e, e))
        s.drop = nn.Dropout(c["drop"])
    def attn(s, x, cache=None):
        B, T, E = x.shape
        q, k, v = s.qkv(x).split(E, dim=2)
        q, k, v = [t.view(B, T, s.h, E // s.h).transpose(1, 2) for t in (q, k, v)]
        if cache is not None:
            if cache.get("k") is not None:
                k = torch.cat([cache["k"], k], 2); v = torch.cat([cache["v"], v], 2)
            cache["k"], cache["v"] = k, v
        S = k.shape[2]
        att = (q @ k.transpose(-2, -1)) / math.sqrt(E // s.h)
        mask = torch.ones(T, S, dtype=torch.bool).tril(S - T)
        att = att.masked_fill(~mask, float("-inf")).softmax(-1)
        att = s.drop(att)
        return s.proj((att @ v).transpose(1, 2).reshape(B, T, E))
    def forward(s, x, cache=None):
        x = x + s.drop(s.attn(s.ln1(x), cache))
        return x + s.drop(s.ff(s.ln2(x)))
class GPT(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.tok, s.pos = nn.Embedding(c["vocab"], c["emb"]), nn.Embedding(c["ctx"], c["emb"])
        s.blocks = nn.ModuleList([Block(c) for _ in range(c["layers"])]); s.ln = nn.LayerNorm(c["emb"])
        s.head = nn.Linear(c["emb"], c["vocab"], bias=False); s.drop = nn.Dropout(c["drop"])
    def forward(s, idx, caches=None, start=0):
        T = idx.shape[1]
        x = s.drop(s.tok(idx) + s.pos(torch.arange(start, start + T)))
        for i, b in enumerate(s.blocks): x = b(x, caches[i] if caches else None)
        return s.head(s.ln(x))
def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
torch.manual_seed(123)
m = GPT(CFG)
print("params", sum(p.numel() for p in m.parameters()))
if mode in ("train", "both"):
    opt = torch.optim.AdamW(m.parameters(), lr=4e-4, weight_decay=0.1)
    x = torch.randint(0, 50257, (B, T + 1)); m.train()
    def step():
        loss = F.cross_entropy(m(x[:, :-1]).flatten(0, 1), x[:, 1:].flatten())
        opt.zero_grad(); loss.backward(); opt.step(); return loss.item()
    step()
    t = time.time()
    for _ in range(STEPS): step()
    dt = (time.time() - t) / STEPS
    print(f"TRAIN torch-cpu {torch.__version__} threads={torch.get_num_threads()} B={B} T={T} dropout={DROP}: "
          f"{dt*1000:.0f} ms/step {B*T/dt:.1f} tok/s peak_rss_mib={peak_mib():.0f}")
if mode in ("decode", "both"):
    m.eval()
    with torch.no_grad():
        P = T if mode == "decode" else 16
        idx = torch.randint(0, 50257, (1, P)); caches = [dict() for _ in range(12)]
        logits = m(idx, caches); pos = P; nxt = logits[:, -1].argmax(-1, keepdim=True)
        t = time.time()
        for _ in range(NEW):
            logits = m(nxt, caches, pos); pos += 1; nxt = logits[:, -1].argmax(-1, keepdim=True)
        dt = time.time() - t
    print(f"DECODE torch-cpu {torch.__version__} threads={torch.get_num_threads()} batch1 fp32 kv-cache: {NEW/dt:.2f} tok/s "
          f"peak_rss_mib={peak_mib():.0f}")
