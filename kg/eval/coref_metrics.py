"""Coreference metrics over clusterings: MUC, B³, CEAF-e and their mean, the CoNLL F1.

A *clustering* is a list of sets of mention ids (any hashable values); a mention is
in at most one cluster of a clustering. ``key`` is the gold clustering,
``response`` the system's. The two may hold different mentions (end-to-end
evaluation over predicted mentions): mentions only in the response are
"twinless" system mentions, mentions only in the key are missed. They are
handled as the CoNLL-2012 reference scorer (v8, Pradhan et al. 2014) does:

- MUC (Vilain et al. 1995): recall = Σ_k (|k| − |p(k)|) / Σ_k (|k| − 1), where p(k)
  partitions k by the response clusters, and a mention of k in no response
  cluster is a part of its own; precision swaps key and response.
- B³ (Bagga & Baldwin 1998): recall = Σ_k Σ_r |k∩r|² / |k| over the key's mentions,
  divided by the number of key mentions; precision the same over the response's
  mentions. A twinless mention scores 0 on its own side.
- CEAF-e (Luo 2005): the one-to-one alignment of key and response clusters that
  maximises Σ φ4(k, r), φ4 = 2|k∩r| / (|k| + |r|); recall = Σφ4 / |key clusters|,
  precision = Σφ4 / |response clusters|. The alignment is the optimal assignment
  (Hungarian algorithm, :func:`max_assignment`), solved per connected component.

A ratio 0/0 counts as 0 (as :meth:`Score.from_counts` does): MUC of a key of
singletons only has no links to find and scores 0.

>>> key = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
>>> response = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]
>>> round(conll_f1(key, response), 4)
0.4582
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from .metrics import Score

Clustering = Sequence[set[Hashable]] | Sequence[frozenset[Hashable]]


def _index(clusters: Iterable[Iterable[Hashable]], side: str) -> dict[Hashable, int]:
    """Mention -> index of its cluster; a mention in two clusters is an error."""
    where: dict[Hashable, int] = {}
    for i, cluster in enumerate(clusters):
        for m in cluster:
            if m in where:
                raise ValueError(f"mention {m!r} is in two {side} clusters")
            where[m] = i
    return where


def _clean(clusters: Clustering) -> list[frozenset]:
    return [frozenset(c) for c in clusters if c]


def _muc_side(key: list[frozenset], response: list[frozenset]) -> tuple[float, float]:
    """(Σ |k| − |p(k)|, Σ |k| − 1) of ``key`` partitioned by ``response``."""
    where = _index(response, "response")
    num = den = 0
    for k in key:
        parts = {where.get(m, ("alone", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def muc(key: Clustering, response: Clustering) -> Score:
    """MUC link-based score."""
    key, response = _clean(key), _clean(response)
    _index(key, "key")
    r_num, r_den = _muc_side(key, response)
    p_num, p_den = _muc_side(response, key)
    recall = r_num / r_den if r_den else 0.0
    precision = p_num / p_den if p_den else 0.0
    return Score.from_pr(precision, recall)


def _b3_side(key: list[frozenset], response: list[frozenset]) -> tuple[float, int]:
    """(Σ over key mentions of |k∩r|/|k|, number of key mentions)."""
    where = _index(response, "response")
    total = 0.0
    for k in key:
        overlaps: dict[int, int] = {}
        for m in k:
            if m in where:
                overlaps[where[m]] = overlaps.get(where[m], 0) + 1
        total += sum(n * n for n in overlaps.values()) / len(k)
    return total, sum(len(k) for k in key)


def b_cubed(key: Clustering, response: Clustering) -> Score:
    """B³ mention-based score; n_gold/n_pred are the key's/response's mention counts."""
    key, response = _clean(key), _clean(response)
    _index(key, "key")
    r_num, r_den = _b3_side(key, response)
    p_num, p_den = _b3_side(response, key)
    recall = r_num / r_den if r_den else 0.0
    precision = p_num / p_den if p_den else 0.0
    s = Score.from_pr(precision, recall)
    return Score(s.precision, s.recall, s.f1, 0, p_den, r_den)


def phi4(k: frozenset, r: frozenset) -> float:
    """Luo's entity similarity φ4: 2|k∩r| / (|k| + |r|)."""
    return 2 * len(k & r) / (len(k) + len(r))


def ceaf_e(key: Clustering, response: Clustering) -> Score:
    """Entity-based CEAF (φ4); tp is the similarity of the best alignment, n_* cluster counts."""
    key, response = _clean(key), _clean(response)
    _index(key, "key")
    where = _index(response, "response")
    # Connected components of the "shares a mention" graph between key and response
    # clusters: the optimal alignment never pairs clusters of different components
    # (their φ4 is 0), so each component is solved on its own, small, matrix.
    neighbours: dict[int, set[int]] = {}
    for i, k in enumerate(key):
        neighbours[i] = {where[m] for m in k if m in where}
    seen: set[int] = set()
    total = 0.0
    by_response: dict[int, set[int]] = {}
    for i, linked in neighbours.items():
        for j in linked:
            by_response.setdefault(j, set()).add(i)
    for start in range(len(key)):
        if start in seen or not neighbours[start]:
            continue
        keys: set[int] = set()
        resps: set[int] = set()
        todo = [start]
        while todo:
            i = todo.pop()
            if i in keys:
                continue
            keys.add(i)
            for j in neighbours[i]:
                if j not in resps:
                    resps.add(j)
                    todo.extend(by_response[j] - keys)
        seen |= keys
        ks, rs = sorted(keys), sorted(resps)
        weights = [[phi4(key[i], response[j]) for j in rs] for i in ks]
        total += sum(weights[i][j] for i, j in max_assignment(weights))
    recall = total / len(key) if key else 0.0
    precision = total / len(response) if response else 0.0
    s = Score.from_pr(precision, recall)
    return Score(s.precision, s.recall, s.f1, total, len(response), len(key))


def max_assignment(weights: list[list[float]]) -> list[tuple[int, int]]:
    """The (row, column) pairs of a one-to-one assignment with the largest total weight.

    The Hungarian algorithm (Kuhn–Munkres, O(n³) with potentials) on the matrix
    padded to a square with zeros; pairs of weight 0 are left out.

    >>> max_assignment([[0.8, 0.4, 0.0], [0.0, 1/3, 0.5]])
    [(0, 0), (1, 2)]
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    n = max(rows, cols)
    if n == 0:
        return []
    top = max((w for row in weights for w in row), default=0.0)
    # minimise cost = top − weight on the padded square matrix (padding weight 0)
    cost = [[top - (weights[i][j] if i < rows and j < cols else 0.0) for j in range(n)] for i in range(n)]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)  # p[j]: the row (1-based) assigned to column j; 0 = none
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = [
        (p[j] - 1, j - 1)
        for j in range(1, n + 1)
        if p[j] and p[j] - 1 < rows and j - 1 < cols and weights[p[j] - 1][j - 1] > 0
    ]
    return sorted(pairs)


def conll_f1(key: Clustering, response: Clustering) -> float:
    """The CoNLL-2012 score: the mean of the MUC, B³ and CEAF-e F1."""
    return (muc(key, response).f1 + b_cubed(key, response).f1 + ceaf_e(key, response).f1) / 3


def coref_scores(key: Clustering, response: Clustering) -> dict[str, object]:
    """All four metrics, as a JSON-ready dict (precision, recall, f1 per metric)."""
    m, b, c = muc(key, response), b_cubed(key, response), ceaf_e(key, response)
    pr = {
        name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}
        for name, s in (("muc", m), ("b3", b), ("ceafe", c))
    }
    return {**pr, "conll_f1": round((m.f1 + b.f1 + c.f1) / 3, 4)}


__all__ = ["b_cubed", "ceaf_e", "conll_f1", "coref_scores", "max_assignment", "muc", "phi4"]
