"""Extraction on a Dask distributed cluster (``kg build --engine dask``).

Articles go to the workers in batches; each worker loads the spaCy model once
(cached per worker process) and sends back the batch's extractions, which the
client merges as in a serial build.  With the same input and
``SOURCE_DATE_EPOCH``, the output is byte-identical to a serial build.

Several machines: run ``dask scheduler`` on one, ``dask worker tcp://HOST:8786``
on each (with kg and the model installed), then
``kg build … --engine dask --scheduler tcp://HOST:8786``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence

from .model import Article, Extraction
from .nlp import ModelInfo

BATCH_SIZE = 64


@functools.lru_cache(maxsize=2)
def _worker_pipeline(model: str | None):
    """The model, its description and the event lexicon, loaded once per worker process."""
    from .lexicon import load_event_types
    from .nlp import load_model

    nlp, info = load_model(model)
    return nlp, info, load_event_types()


def extract_batch(articles: Sequence[Article], model: str | None) -> tuple[ModelInfo, list[Extraction]]:
    """Run on a worker: the extractions of one batch of articles."""
    from .extract import extract

    nlp, info, lexicon = _worker_pipeline(model)
    pairs = ((a.text, a) for a in articles)
    return info, [extract(a, doc, lexicon) for doc, a in nlp.pipe(pairs, as_tuples=True)]


class ClusterModelMismatch(RuntimeError):
    """Workers loaded different spaCy models: the graph would mix them."""


def extract_on_dask(
    articles: Sequence[Article],
    *,
    model: str | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[ModelInfo, Extraction]]:
    """Extractions of ``articles`` computed on a cluster, as they arrive.

    ``scheduler`` is the address of a running ``dask scheduler``; without it a
    ``LocalCluster`` of ``workers`` processes on 127.0.0.1 is started and stopped.
    """
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        client = Client(cluster)
    try:
        batches = [list(articles[i : i + BATCH_SIZE]) for i in range(0, len(articles), BATCH_SIZE)]
        futures = client.map(extract_batch, batches, model=model, pure=False)
        done = 0
        first: ModelInfo | None = None
        for future in as_completed(futures):
            info, extractions = future.result()
            if first is None:
                first = info
            elif info != first:
                raise ClusterModelMismatch(
                    f"workers run different models: {first.description} "
                    f"and {info.description}; install the same model everywhere"
                )
            for extraction in extractions:
                done += 1
                if progress:
                    progress(done, len(articles))
                yield info, extraction
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
