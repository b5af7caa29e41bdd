"""Precomputed, seeded force-directed layouts for network pages too big for live physics."""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["fruchterman_reingold", "layout"]


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Precomputed force-directed layout (seeded) in pixels, used for big graphs.

    Below 500 nodes networkx's ``spring_layout``; from 500 on networkx needs scipy, so
    :func:`fruchterman_reingold` (numpy, memory-bounded, a fixed work budget) instead.
    """
    scale = 40.0 * math.sqrt(graph.number_of_nodes())
    if graph.number_of_nodes() < 500:
        pos = nx.spring_layout(graph, seed=42, scale=scale)
    else:
        pos = fruchterman_reingold(graph, seed=42, scale=scale)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def fruchterman_reingold(
    graph: nx.MultiDiGraph, *, seed: int, scale: float, budget: float = 2e8
) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold in numpy: repulsion computed in row blocks (bounded memory),
    as many iterations (8–50) as ``budget`` node pairs allow."""
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    pairs = sorted({(index[s], index[o]) for s, o in graph.edges() if s != o})
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    pos = np.random.default_rng(seed).random((n, 2))
    k = 1.0 / math.sqrt(n)
    iterations = int(min(50, max(8, budget / (n * n))))
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    block = max(1, int(2_000_000 // n))
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        x, y = pos[:, 0], pos[:, 1]
        for start in range(0, n, block):
            dx = x[start : start + block, None] - x[None, :]
            dy = y[start : start + block, None] - y[None, :]
            force = dx * dx
            force += dy * dy
            np.maximum(force, 1e-9, out=force)
            np.divide(k * k, force, out=force)
            disp[start : start + block, 0] += np.einsum("ij,ij->i", dx, force)
            disp[start : start + block, 1] += np.einsum("ij,ij->i", dy, force)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            pull = d * (np.linalg.norm(d, axis=1) / k)[:, None]
            np.subtract.at(disp, edges[:, 0], pull)
            np.add.at(disp, edges[:, 1], pull)
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    pos *= scale / (float(np.abs(pos).max()) or 1.0)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(nodes)}
