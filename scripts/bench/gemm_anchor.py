#!/usr/bin/env python3
"""Anchor for `jgpt bench gemm`: times NumPy's float32 matmul (its BLAS, usually OpenBLAS) at the
same shapes, the same transposes and the same best-of-N rule as the Java side.

Usage: python3 gemm_anchor.py --shapes 512x768x3072,512x3072x768 [--trans NT] [--warmup 2] [--iters 5]
Prints one line `info <library description>`, then one line `<m>x<k>x<n> <GFLOP/s>` per shape.
Set OPENBLAS_NUM_THREADS (the Java side sets it to its own thread count) to pin the threads.
"""
import argparse
import sys
import time

try:
    import numpy as np
except ImportError:
    sys.stderr.write("numpy is not installed for this python3\n")
    sys.exit(2)


def blas_name():
    try:
        info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{info.get('name', 'BLAS')} {info.get('version', '')}".strip()
    except Exception:  # older numpy: no dict mode
        return "BLAS"


def operand(rng, rows, cols, transposed):
    """A (rows x cols) float32 operand; when transposed, stored (cols x rows) and viewed as its transpose."""
    if transposed:
        return rng.standard_normal((cols, rows), dtype=np.float32).T
    return rng.standard_normal((rows, cols), dtype=np.float32)


def best_gflops(m, k, n, trans, warmup, iters):
    rng = np.random.default_rng(1)
    a = operand(rng, m, k, trans[0] == "T")
    b = operand(rng, k, n, trans[1] == "T")
    c = np.empty((m, n), dtype=np.float32)
    flops = 2.0 * m * n * k
    reps = min(100_000, max(1, int(2e9 / flops)))  # iterations last tens of milliseconds; tiny ones are capped
    for _ in range(warmup):
        np.matmul(a, b, out=c)
    best = float("inf")
    for _ in range(iters):
        start = time.perf_counter()
        for _ in range(reps):
            np.matmul(a, b, out=c)
        best = min(best, (time.perf_counter() - start) / reps)
    return flops / best / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", required=True, help="comma-separated MxKxN")
    parser.add_argument("--trans", default="NN", choices=["NN", "NT", "TN", "TT"])
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--iters", type=int, default=5)
    args = parser.parse_args()
    print(f"info numpy {np.__version__}, {blas_name()}", flush=True)
    for shape in args.shapes.split(","):
        m, k, n = (int(x) for x in shape.split("x"))
        print(f"{m}x{k}x{n} {best_gflops(m, k, n, args.trans, args.warmup, args.iters):.2f}", flush=True)


if __name__ == "__main__":
    main()
