"""Precomputed, seeded layouts for the network pages: communities apart, each laid out on its own.

:func:`arrange` finds the communities of a graph (Louvain, :func:`kg.network.find_communities`,
fixed seed), lays out each community with a force-directed layout in a disc whose area
grows with its number of nodes, places the discs with a force-directed layout of the
graph of communities (joined by the edges between them), and pushes discs, then the nodes
inside each disc, apart until they no longer overlap.  Coordinates are vis-network canvas
units, close to screen pixels for a graph of a few hundred nodes in a 1400-pixel-wide window
(the page fits the drawing to its window).  The same graph always gives the same picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

from kg.network import find_communities

__all__ = ["Arrangement", "Community", "arrange", "fruchterman_reingold", "layout"]

SEED = 42
SPACING = 46.0  # canvas units per node: a disc of n nodes has an area of about n * SPACING²
ASPECT = 1.45  # width / height the communities are packed into (the page's canvas)
GAP = 24.0  # between two community discs


@dataclass(frozen=True)
class Community:
    """A community on the page: its number (1 = largest), members, disc and key members."""

    number: int
    members: tuple[str, ...]
    x: float
    y: float
    radius: float
    key: tuple[str, ...]  # the most important members, most important first


@dataclass(frozen=True)
class Arrangement:
    positions: dict[str, tuple[float, float]]
    communities: tuple[Community, ...]

    @property
    def community_of(self) -> dict[str, int]:
        return {n: c.number for c in self.communities for n in c.members}


def weighted(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of ``graph``: an edge's ``weight`` sums its multi-edges'
    weights (sources for stated facts, sentences for pairs named together; at least 1 each)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for s, o, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("label", ""))):
        if s == o:
            continue
        w = max(1, d.get("sources", 0), d.get("sentences", 0))
        if simple.has_edge(s, o):
            simple[s][o]["weight"] += w
        else:
            simple.add_edge(s, o, weight=w)
    return simple


def arrange(
    graph: nx.MultiDiGraph,
    order: list[str] | None = None,
    sizes: dict[str, float] | None = None,
    labels: dict[str, tuple[float, float]] | None = None,
) -> Arrangement:
    """Communities of ``graph`` laid out apart (see the module's docstring).

    ``order`` ranks the nodes (most important first; it names each community's key members
    and breaks ties), ``sizes`` gives each node's radius on the page (for the overlap pass),
    ``labels`` the (width, height) in screen pixels of the labels the page will draw at its
    first view: a small drawing is spread to fill :data:`FRAME`, then nodes move until those
    labels do not overlap (:func:`declutter`).
    """
    simple = weighted(graph)
    if not simple.number_of_nodes():
        return Arrangement({}, ())
    rank = {n: i for i, n in enumerate(order or sorted(simple.nodes))}
    sizes = sizes or {}
    found = find_communities(simple, seed=SEED) if simple.number_of_edges() else [[n] for n in simple]
    found = sorted(found, key=lambda c: (-len(c), min(rank.get(n, len(rank)) for n in c)))
    local: list[dict[str, tuple[float, float]]] = []
    radii = []
    for members in found:
        inner, disc = _community_layout(simple.subgraph(members), sizes)
        local.append(inner)
        radii.append(disc)
    centres = _place_discs(simple, found, np.array(radii))
    nodes = sorted(simple.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    pos = np.zeros((len(nodes), 2))
    for inner, (cx, cy) in zip(local, centres):
        for n, (x, y) in inner.items():
            pos[index[n]] = (cx + x, cy + y)
    radius = np.array([sizes.get(n, 10.0) for n in nodes])
    pos = _fill_frame(pos, radius)
    communities = []  # the discs as laid out, before labels move a few nodes
    for number, members in enumerate(found, 1):
        at = np.array([index[n] for n in members])
        centre = pos[at].mean(axis=0)
        reach = float((np.sqrt(((pos[at] - centre) ** 2).sum(axis=1)) + radius[at]).max()) + 10.0
        key = tuple(sorted(members, key=lambda n: rank.get(n, len(rank)))[:3])
        x, y = round(float(centre[0]), 1), round(float(centre[1]), 1)
        communities.append(Community(number, tuple(sorted(members)), x, y, round(reach, 1), key))
    if labels:
        pos = declutter(pos, radius, [(index[n], *labels[n]) for n in labels if n in index])
    positions = {n: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1)) for i, n in enumerate(nodes)}
    return Arrangement(positions, tuple(communities))


#: The canvas a page is expected to have (screen pixels): a 1400 × 1000 window less the
#: controls and the side panel.
FRAME = (1060.0, 740.0)
FIT_MARGIN = 0.96  # the page zooms out this much after fitting the drawing to its canvas


def expected_scale(pos: np.ndarray, radius: np.ndarray) -> float:
    """The zoom at which the page first shows a drawing (vis-network's fit, at most 1)."""
    if not len(pos):
        return 1.0
    low, high = (pos - radius[:, None]).min(axis=0), (pos + radius[:, None]).max(axis=0)
    w, h = max(float(high[0] - low[0]), 1.0), max(float(high[1] - low[1]), 1.0)
    return min(1.0, FRAME[0] / w, FRAME[1] / h) * FIT_MARGIN


def _fill_frame(pos: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """Spread a drawing smaller than :data:`FRAME` (positions only, not node sizes) to fill
    most of it, at most four times."""
    if len(pos) < 2:
        return pos
    low, high = pos.min(axis=0), pos.max(axis=0)
    room = np.array(FRAME) * 0.85 - 2 * float(radius.max())
    factor = min(float(room[i]) / max(float(high[i] - low[i]), 1.0) for i in (0, 1))
    if factor <= 1.0:
        return pos
    centre = (low + high) / 2
    return centre + (pos - centre) * min(factor, 4.0)


def declutter(pos: np.ndarray, radius: np.ndarray, labels: list[tuple[int, float, float]]) -> np.ndarray:
    """Move nodes so that the labels the page draws at its first view do not overlap.

    ``labels`` are (node index, width, height in screen pixels), most important first.  Each
    node in turn keeps its place if its label (centred below it, as vis-network draws it)
    overlaps no label placed before, else moves to the nearest place around it where the label
    is free and its dot does not cover another (first where the label covers no other dot
    either); a node with no such place within a few label heights stays where it was.
    """
    if len(labels) < 2:
        return pos
    pos = pos.copy()
    scale = expected_scale(pos, radius)
    placed: list[tuple[float, float, float, float]] = []
    for i, w, h in labels:
        width, height = (w + 4.0) / scale, (h + 4.0) / scale
        spot = _free_spot(pos, radius, i, width, height, placed)
        if spot is not None:
            pos[i] = spot[0]
            placed.append(spot[1])
    return pos


def _free_spot(pos, radius, i, width, height, placed):
    """The nearest place for node ``i`` whose label box overlaps none of ``placed`` (see
    :func:`declutter`), with that box; ``None`` if there is none nearby."""
    for strict in (True, False):
        for dx, dy in _spiral(height * 0.7, rings=7):
            x, y = pos[i, 0] + dx, pos[i, 1] + dy
            top = y + radius[i] + 4.0
            box = (x - width / 2, top, x + width / 2, top + height)
            if any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3] for b in placed):
                continue
            if dx or dy:
                gap = np.sqrt((pos[:, 0] - x) ** 2 + (pos[:, 1] - y) ** 2) - radius - radius[i]
                gap[i] = np.inf
                if gap.min() < 2.0:
                    continue
            if strict:
                across = np.clip(pos[:, 0], box[0], box[2]) - pos[:, 0]
                down = np.clip(pos[:, 1], box[1], box[3]) - pos[:, 1]
                covered = across**2 + down**2 < radius**2
                covered[i] = False
                if covered.any():
                    continue
            return (x, y), box
    return None


def _spiral(step: float, rings: int) -> list[tuple[float, float]]:
    """(0, 0), then points on rings of growing radius (``step`` apart), nearest first."""
    points = [(0.0, 0.0)]
    for ring in range(1, rings + 1):
        count = 8 * ring
        points += [
            (ring * step * math.cos(2 * math.pi * k / count), ring * step * math.sin(2 * math.pi * k / count))
            for k in range(count)
        ]
    return points


def _community_layout(sub: nx.Graph, sizes: dict[str, float]) -> tuple[dict[str, tuple[float, float]], float]:
    """One community laid out around (0, 0), and the radius of its disc."""
    members = sorted(sub.nodes)
    n = len(members)
    biggest = max((sizes.get(m, 10.0) for m in members), default=10.0)
    if n == 1:
        return {members[0]: (0.0, 0.0)}, biggest + 8.0
    radius = SPACING * math.sqrt(n / math.pi) * 1.25 + biggest
    if n == 2:
        half = min(radius - biggest, SPACING * 1.2) / 2 + 8.0
        return {members[0]: (-half, 0.0), members[1]: (half, 0.0)}, radius
    ordered = nx.Graph()
    ordered.add_nodes_from(members)
    ordered.add_edges_from(
        (s, o, {"weight": 1.0 + math.log(d["weight"])}) for s, o, d in sorted(sub.edges(data=True))
    )
    if n < 400:
        raw = nx.spring_layout(ordered, seed=SEED, weight="weight", iterations=80)
        pos = np.array([raw[m] for m in members], dtype=float)
    else:
        raw = fruchterman_reingold(ordered, seed=SEED, scale=1.0)
        pos = np.array([raw[m] for m in members], dtype=float)
    pos -= pos.mean(axis=0)
    reach = float(np.sqrt((pos**2).sum(axis=1)).max()) or 1.0
    pos *= (radius - biggest) / reach
    r = np.array([sizes.get(m, 10.0) for m in members]) + 6.0
    pos = _separate(pos, r, rounds=60, pull=0.0)
    reach = float((np.sqrt((pos**2).sum(axis=1)) + r).max())
    radius = max(radius, reach + 6.0)
    return {m: (float(x), float(y)) for m, (x, y) in zip(members, pos)}, radius


def _place_discs(simple: nx.Graph, found: list[list[str]], radii: np.ndarray) -> np.ndarray:
    """Centres of the community discs: a layout of the graph of communities (joined by the
    weight of the edges between them), then pushed apart until no two discs overlap."""
    k = len(found)
    if k == 1:
        return np.zeros((1, 2))
    of = {n: i for i, c in enumerate(found) for n in c}
    between = nx.Graph()
    between.add_nodes_from(range(k))
    for s, o, d in simple.edges(data=True):
        a, b = sorted((of[s], of[o]))
        if a != b:
            w = between[a][b]["weight"] + d["weight"] if between.has_edge(a, b) else d["weight"]
            between.add_edge(a, b, weight=w)
    if k < 400:
        start = nx.spring_layout(between, seed=SEED, weight="weight", iterations=60)
    else:
        start = fruchterman_reingold(between, seed=SEED, scale=1.0)
    pos = np.array([start[i] for i in range(k)], dtype=float)
    pos -= pos.mean(axis=0)
    total = math.sqrt(float((math.pi * radii**2).sum()) * 1.6)  # the side of a square that holds them
    pos *= total / (float(np.abs(pos).max()) or 1.0) / 2
    pos[:, 0] *= math.sqrt(ASPECT)
    pos[:, 1] /= math.sqrt(ASPECT)
    return _separate(pos, radii + GAP / 2, rounds=400, pull=0.02)


def _separate(pos: np.ndarray, radii: np.ndarray, *, rounds: int, pull: float) -> np.ndarray:
    """Move discs (centres ``pos``, ``radii``) apart until none overlap (or ``rounds`` pass),
    pulling them a little towards the centre (wider than high, by :data:`ASPECT`) each round."""
    pos = pos.copy()
    n = len(pos)
    if n < 2 or n > 1500:
        return pos
    jitter = np.random.default_rng(SEED).normal(scale=1e-3, size=pos.shape)
    pos += jitter
    need = radii[:, None] + radii[None, :]
    np.fill_diagonal(need, 0.0)
    weight = radii**2 / (radii**2)[:, None]  # how much of a push a disc takes: small ones move more
    squash = np.array([1.0 / ASPECT, 1.0])
    for _ in range(rounds):
        d = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((d**2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        short = np.clip(need - dist, 0.0, None)
        if not short.any():
            if pull == 0.0:
                break
        else:
            unit = d / np.maximum(dist, 1e-9)[:, :, None]
            share = weight / (1.0 + weight)
            pos += (unit * (short * share)[:, :, None]).sum(axis=1)
        if pull:
            pos -= pull * pos * squash
    if pull:  # the pull may have left overlaps: settle them without it
        return _separate(pos, radii, rounds=200, pull=0.0)
    return pos


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Precomputed force-directed layout (seeded) in pixels, without communities.

    Below 500 nodes networkx's ``spring_layout``; from 500 on networkx needs scipy, so
    :func:`fruchterman_reingold` (numpy, memory-bounded, a fixed work budget) instead.
    """
    scale = 40.0 * math.sqrt(graph.number_of_nodes())
    if graph.number_of_nodes() < 500:
        pos = nx.spring_layout(graph, seed=42, scale=scale)
    else:
        pos = fruchterman_reingold(graph, seed=42, scale=scale)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def fruchterman_reingold(graph: nx.Graph, *, seed: int, scale: float, budget: float = 2e8) -> dict:
    """Fruchterman–Reingold in numpy: repulsion computed in row blocks (bounded memory),
    as many iterations (8–50) as ``budget`` node pairs allow."""
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
