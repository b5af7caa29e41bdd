"""``kg build``: read, extract, merge, write, then swap the new ``out/`` into place."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import __version__
from .clock import started_at
from .language import ENGLISH, not_english
from .model import Article, Skip
from .outdir import (
    IDENTITY_FILE,
    MERGES_FILE,
    OVERRIDES_FILE,
    REPORT_FILE,
    TRIG_FILE,
    locked,
    record_path,
    remove_tree,
    staging_path,
    store_path,
    swap_into_place,
)
from .parse import ModelWorker, peak_rss_mb
from .readers import read_inputs

# what extraction, merging and writing need (spaCy, rdflib, the extractors: ~0.65 s of imports)
# is imported by _warm_up, beside the reading of the inputs, and taken by _build_with once it
# has fed the model: a fresh build's first texts reached the model 0.4 s after it was loaded
if TYPE_CHECKING:
    from .model import Extraction
    from .rdf import Activity
    from .views.worker import PageWorker

MAX_LENGTH = 1_000_000  # spaCy's default nlp.max_length, for engines that load the model elsewhere
ENGINES = ("serial", "dask")
VIEW_MAX_NODES = 500  # the pages a build writes stay quick to open; `kg view` can draw more
#: Up to this many articles the page worker is fed every quad and draws the network pages from
#: its own copy of the store, in memory, while the build compacts its store and draws the map and
#: the timeline (the copy costs ~0.25 MB an article: 297 MB at 198 BBC articles, 411 MB at 985
#: Reuters stories). Above, it is fed nothing: once the store is written it opens it on disk and
#: draws the map and the timeline (the lighter pages: ~480 MB at 19,680 articles) while the build
#: draws the network pages in the memory its merge freed, so that all the build's processes stay
#: under 2 GB together (19,680 articles, 2026-12-06: the pages 100 s one after the other).
SECOND_PROCESS_MAX_ARTICLES = 3_000
#: Above this many articles the store's threads work in the background while the model parses
#: (:mod:`kg.cpus`: on every core, at the lowest priority): its compactions grow with it, and the
#: extraction's core, not the model, set the pace (19,680 articles: the parse 643 s pinned, 565 s
#: so); below, they are cheap and stay pinned with the extraction (985 Reuters stories: 31-33 s
#: pinned, 34-38 s in the background; 1,974 articles: no clear difference), 2026-12-06.
BACKGROUND_STORE_MIN_ARTICLES = 3_000
UTF8 = {"utf-8", "utf_8", "ascii", "utf-8-sig"}


class NoUsableInput(ValueError):
    """None of the inputs could be read as an article."""


class UnknownEngine(ValueError):
    """``--engine`` names no engine kg has."""


@dataclass
class BuildResult:
    out: Path
    articles: list[Article] = field(default_factory=list)  # newly added by this build
    unchanged: list[Article] = field(default_factory=list)  # given again, already in the graph
    kept: int = 0  # articles carried over from the previous build
    skipped: list[Skip] = field(default_factory=list)
    quads: int = 0
    redirects: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # wall-clock seconds per phase
    cpu: dict[str, float] = field(default_factory=dict)  # this process's CPU seconds per phase
    # peak memory of "kg", "model worker" and "page worker"
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    stats: dict[str, object] | None = None  # the graph's counts (kg.stats.stats), once it is written

    @property
    def changed(self) -> bool:
        return bool(self.articles)


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _record(result: BuildResult, phase: str, since: tuple[float, float]) -> None:
    """A phase's wall-clock and CPU seconds (the model's worker process is not counted in CPU)."""
    wall, cpu = _clock()
    result.timings[phase] = wall - since[0]
    result.cpu[phase] = cpu - since[1]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _title(paths: Sequence[str | Path]) -> str:
    """The pages' title: "kg: " and the inputs' names (the first three, and how many more)."""
    names = [Path(p).name or str(p) for p in paths]
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return "kg: " + ", ".join(names[:3]) + more


def build(
    paths: Iterable[str | Path], out: str | Path = "out", *, wait: float = 0.0, **options
) -> BuildResult:
    """Add the articles under ``paths`` to the graph in ``out/`` (see :func:`_build`).

    One build writes ``out/`` at a time: another one waits up to ``wait`` seconds,
    then fails with :class:`kg.outdir.OutputLocked`.
    """
    out = Path(out)
    # a model worker given by the caller stops with the build, whatever happens
    with options.get("model_worker") or nullcontext(), locked(out, wait), _fewer_collections():
        return _build(paths, out, **options)


# Python's cyclic garbage collector, at its default thresholds (700, 10, 10), ran a full
# collection over the build's growing records again and again: 4.3 s of 35.5 on 1,000 Reuters
# stories, 1.5 s of it after the last Doc. At these, 1.1 s; peak memory the same.
GC_THRESHOLDS = (20_000, 20, 20)


@contextlib.contextmanager
def _fewer_collections():
    """The garbage collector at :data:`GC_THRESHOLDS` for the build, as it was after."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _build(
    paths: Iterable[str | Path],
    out: str | Path = "out",
    *,
    model: str | None = None,
    fresh: bool = False,
    overrides: str | Path | None = None,
    engine: str = "serial",
    scheduler: str | None = None,
    workers: int = 2,
    max_chars: int | None = None,
    on_skip: Callable[[Skip], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    model_worker: ModelWorker | None = None,
) -> BuildResult:
    """Add the articles under ``paths`` to the graph in ``out/``.

    Articles already in ``out/`` (same text) are not processed again; with
    ``fresh=True`` the graph is built from ``paths`` alone.  ``overrides`` is a
    file of same/different decisions (:class:`kg.merge.Overrides`); it is kept in
    ``out/overrides.tsv`` and used by later builds until another one is given.  The new output is
    written beside ``out/`` and swapped in only when complete, so a failed or
    interrupted build leaves the previous ``out/`` as it was.

    ``model_worker`` is a :class:`~kg.parse.ModelWorker` started by the caller for this build (the
    command line starts it before it imports the rest of kg, so the model loads meanwhile); the
    build stops it.  Without it a serial build starts its own.
    """
    on_skip = on_skip or (lambda s: _stderr(f"kg: skipped {s.source}: {s.reason}"))
    if engine not in ENGINES:
        raise UnknownEngine(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    # the model starts loading in its own process now, while this one reads the inputs
    from .views.worker import PageWorker

    if model_worker is not None and engine != "serial":
        model_worker.close()  # the engine loads the model elsewhere
        model_worker = None
    with (
        model_worker or ModelWorker(model, max_length=max_chars)
        if engine == "serial"
        else nullcontext() as worker,
        PageWorker() as pages,  # launched once the model is loaded (see kg.views.worker)
    ):
        return _build_with(
            paths,
            out,
            worker,
            pages,
            model=model,
            fresh=fresh,
            overrides=overrides,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
            max_chars=max_chars,
            on_skip=on_skip,
            progress=progress,
        )


def _start_pages(
    staging: Path, pages: PageWorker | None, *, title: str, from_disk: bool = False
) -> list[str]:
    """Ask the page worker for its pages: fed every quad of the store, :data:`SECOND_PROCESS`;
    ``from_disk`` (fed nothing; the store written and closed), :data:`FROM_DISK`. The names it
    is writing (none without a worker, or when it is gone)."""
    from .views import VIEWS
    from .views.worker import FROM_DISK, SECOND_PROCESS, PageWorkerFailed

    if pages is None or not (from_disk or pages.fed):
        return []
    names = FROM_DISK if from_disk else SECOND_PROCESS
    there = [v.name for v in VIEWS.values() if v.built and v.name in names]
    try:
        pages.start(staging, there, title=title, max_nodes=VIEW_MAX_NODES)
    except PageWorkerFailed:
        return []
    return there


def _write_pages(
    store: ox.Store,
    staging: Path,
    pages: PageWorker | None,
    there: list[str],
    *,
    title: str,
    meanwhile: Callable[[], object] = lambda: None,
) -> None:
    """The build's pages but those the page worker is writing (``there``), then ``meanwhile()``
    (while the worker may still draw), then the worker's pages: here too if it failed."""
    from .views import VIEWS, write_all_views
    from .views.worker import PageWorkerFailed

    built = [v.name for v in VIEWS.values() if v.built]
    write_all_views(
        store, staging, title=title, max_nodes=VIEW_MAX_NODES, only=[n for n in built if n not in there]
    )
    meanwhile()
    if pages is not None and there:
        try:
            pages.wait()
        except PageWorkerFailed as exc:
            _stderr(f"kg: the page worker failed ({exc}); writing its pages here")
            write_all_views(store, staging, title=title, max_nodes=VIEW_MAX_NODES, only=there)


def _warm_up() -> None:
    """Load what extraction and the pages will need (the gazetteer index, the date parser, the
    pages' modules) while the model loads: the build's main thread is reading its inputs, or
    waiting for the model, meanwhile."""
    from . import cache, merge, rdf, stats, store, summary, views  # noqa: F401 - spaCy, rdflib, networkx, ...
    from .extract.times import normalise_date
    from .gazetteer import gazetteer

    gazetteer()
    normalise_date("last Monday", None)


def _build_with(
    paths: Iterable[str | Path],
    out: str | Path,
    worker: ModelWorker | None,
    pages: PageWorker | None,
    *,
    model: str | None,
    fresh: bool,
    overrides: str | Path | None,
    engine: str,
    scheduler: str | None,
    workers: int,
    max_chars: int | None,
    on_skip: Callable[[Skip], None],
    progress: Callable[[int, int], None] | None,
) -> BuildResult:
    paths = list(paths)
    out = Path(out)
    result = BuildResult(out=out)
    clock = _clock()
    warm = threading.Thread(target=_warm_up, name="kg-warm-up", daemon=True)
    warm.start()  # while the model loads in its worker and this thread reads the inputs
    previous = [] if fresh else _previous(out)
    known = {x.article.id for x, _ in previous}
    result.kept = len(previous)

    max_length = max_chars or MAX_LENGTH
    too_long = False
    # the model gets each new article's text as soon as it is read (it waited for them otherwise)
    stream: queue.SimpleQueue[Article | None] | None = None
    if worker is not None:
        stream = queue.SimpleQueue()
        worker.feed(iter(stream.get, None))
    try:
        for item in read_inputs(paths):
            if isinstance(item, Skip):
                result.skipped.append(item)
                on_skip(item)
            elif item.id in known:
                result.unchanged.append(item)
            elif (reason := not_english(item.text)) is not None:
                skip = Skip(item.source, reason)
                result.skipped.append(skip)
                on_skip(skip)
            elif len(item.text) > max_length:
                too_long = True
                skip = Skip(
                    item.source,
                    f"text of {len(item.text):,} characters is longer than "
                    f"the limit of {max_length:,} (raise it with --max-chars)",
                )
                result.skipped.append(skip)
                on_skip(skip)
            else:
                article = dataclasses.replace(item, language=item.language or ENGLISH)
                result.articles.append(article)
                if stream is not None:
                    stream.put(article)
                if item.encoding not in UTF8:
                    _stderr(f"kg: {item.source} is not UTF-8 text; decoded as {item.encoding}")
    finally:
        if stream is not None:
            stream.put(None)
    _record(result, "read", clock)
    from . import cache
    from .extract import extract
    from .iris import article_iri, graph_iri
    from .lexicon import load_event_types
    from .merge import Overrides, resolve
    from .rdf import Activity, gazetteer_quads, identity_quads, local_quads, node_quads
    from .stats import stats
    from .store import Loader, load_ontology, open_store
    from .summary import Summary

    if not result.articles and not result.unchanged and not too_long:
        raise NoUsableInput(
            "no usable article in the input" + (f" ({len(result.skipped)} skipped)" if result.skipped else "")
        )
    articles = len(result.articles) + len(previous)  # the graph's, once built
    fed = articles <= SECOND_PROCESS_MAX_ARTICLES  # the page worker gets every quad (memory)
    override_text = _override_text(out, overrides, fresh)
    relink = override_text != _override_text(out, None, fresh)  # new decisions: merge again
    if not result.articles and not relink and not too_long:
        return result  # every article is already in the graph: out/ stays exactly as it is

    info = worker.info if worker is not None and result.articles else None  # ModelNotFound here
    warm.join()
    if not result.articles and not previous:
        raise NoUsableInput(
            "no usable article in the input" + (f" ({len(result.skipped)} skipped)" if result.skipped else "")
        )

    staging = staging_path(out)
    if staging.exists():
        remove_tree(staging)
    staging.mkdir(parents=True)
    store = None
    trig = None
    loader = None
    try:
        clock = _clock()
        lexicon = load_event_types()
        records = list(previous)  # slim views (new articles: without their text); the rest stays on disk
        started = started_at()
        activity = Activity(started=started, model=info) if info else (previous[-1][1] if previous else None)
        store = ox.Store(str(store_path(staging)))
        trig = open(staging / TRIG_FILE, "wb")  # noqa: SIM115 (closed below, or when the build fails)
        # while the model parses, the article layers go into the store (loads of BULK_CHUNK
        # quads, on the main process's idle time between batches); after it, the merged nodes
        loader = Loader(
            store,
            trig,
            tee=pages.feed if pages is not None and fed else None,
            background=articles > BACKGROUND_STORE_MIN_ARTICLES,
        )
        # it loads the same quads, on this process's core while the model parses
        if pages is not None and fed:
            pages.launch(worker.caller_cpus if worker is not None else None)

        def keep(extraction: Extraction, made_by: Activity) -> None:
            """Record a new article, and write its own layer of quads now, while the model
            works on the next ones."""
            cache.save(staging, extraction, made_by)
            records.append((cache.write_view(extraction), made_by))
            own = local_quads(extraction, made_by)
            result.quads += loader.add(own)

        if result.articles and engine == "dask":
            from .distributed import extract_on_dask

            for done, (model_info, x) in enumerate(
                extract_on_dask(
                    result.articles, model=model, scheduler=scheduler, workers=workers, progress=progress
                ),
                1,
            ):
                if done == 1 or activity is None:
                    activity = Activity(started=started, model=model_info)
                keep(x, activity)
        elif result.articles:
            assert worker is not None and activity is not None  # a serial build's model is loaded
            for done, (doc, article) in enumerate(worker.parse(), 1):  # the articles fed as read
                keep(extract(article, doc, lexicon), activity)
                if progress:
                    progress(done, len(result.articles))
        _record(result, "extract", clock)
        if pages is not None:
            pages.hurry()  # the model is done: its core is free

        clock = _clock()
        earlier_iris, earlier_redirects = ({}, {}) if fresh else _identity(out)
        rules = Overrides.parse(override_text, OVERRIDES_FILE) if override_text else None
        resolution = resolve([x for x, _ in records], lexicon, previous=earlier_iris, overrides=rules)
        for decision in resolution.decisions:
            if "unapplied" in decision:
                _stderr(
                    f"kg: override '{decision['rule'].split(': ')[1]} {decision['a']} / "
                    f"{decision['b']}' not applied: {decision['unapplied']}"
                )
        redirects = _carry_redirects(earlier_redirects, resolution)
        result.redirects = len(redirects)
        _record(result, "merge", clock)

        clock = _clock()
        summary = Summary()
        for x, made_by in sorted(records, key=lambda record: record[0].article.id):
            aid = x.article.id
            if aid in known:  # carried over from the previous build: its own layer is written now
                cache.carry_over(out, staging, aid)
                loaded = cache.load(record_path(staging, aid))
                assert loaded is not None  # load_all read it a moment ago
                x, made_by = loaded
                own = local_quads(x, made_by)
                result.quads += loader.add(own)
            quads, sentences, amounts, statements = node_quads(x, resolution, made_by)
            summary.add_article(
                graph_iri(aid),
                quads,
                article=article_iri(aid),
                published=x.article.published,
                sentences=sentences,
                values=amounts,
                statements=statements,
            )
            result.quads += loader.add(quads)
        assert activity is not None  # there are new articles, or earlier ones
        for made in (
            identity_quads(redirects, activity),
            gazetteer_quads(resolution, activity),
            summary.quads(activity),
        ):
            result.quads += loader.add(made)
        loader.flush()  # the last chunk made: the page worker has every quad
        # the worker draws its pages from its own copy of the quads while this process loads
        # its last chunks, compacts its store and draws the others
        title = _title(paths)
        there = _start_pages(staging, pages, title=title)
        loader.close()
        trig.close()
        load_ontology(store)
        store.flush()
        # the bulk loads left the store as many overlapping files: compacted, every query reads
        # fewer (19,680 articles: 11 s here, and the pages' reads 111 -> 63 s)
        store.optimize()
        (staging / MERGES_FILE).write_text(
            json.dumps(resolution.decisions, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        if override_text:
            (staging / OVERRIDES_FILE).write_text(override_text, encoding="utf-8")
        (staging / IDENTITY_FILE).write_text(
            json.dumps(
                {"members": resolution.member_iris(), "redirects": redirects}, indent=0, sort_keys=True
            ),
            encoding="utf-8",
        )
        _record(result, "write", clock)

        clock = _clock()
        records.clear()  # the pages read the store: what the merge and the writing held goes
        del resolution, summary
        _release_memory(collect=not fed)
        store = None  # closed (no compaction moves its files now): the pages read it
        store = reader = open_store(staging, read_only=True)
        if not fed:
            there = _start_pages(staging, pages, title=title, from_disk=True)
        # the counts `kg build` prints (0.28 s of queries on 985 Reuters stories), while the
        # page worker draws its last page: after the build, the command line waited for them
        _write_pages(
            reader,
            staging,
            pages,
            there,
            title=title,
            meanwhile=lambda: setattr(result, "stats", stats(reader)),
        )
        _record(result, "view", clock)
        assert activity is not None  # there are new articles, or earlier ones
        result.peak_rss_mb["kg"] = peak_rss_mb()
        if worker is not None and worker.peak_rss_mb is not None:
            result.peak_rss_mb["model worker"] = worker.peak_rss_mb
        if pages is not None and pages.peak_rss_mb is not None:
            result.peak_rss_mb["page worker"] = pages.peak_rss_mb
        _write_report(staging / REPORT_FILE, result, activity.model.description)
        store = None  # closes the database before it is moved
        swap_into_place(staging, out)
    except BaseException:
        if loader is not None:
            loader.abandon()
        store = None
        if trig is not None:
            trig.close()
        remove_tree(staging)
        raise
    return result


def _release_memory(collect: bool = True) -> None:
    """Drop the terms cached while writing and, with ``collect``, collect what the build no longer
    holds and hand the freed heap back to the system (glibc keeps freed memory for reuse
    otherwise: at 19,680 articles the pages would add to the peak instead of reusing it; below
    :data:`SECOND_PROCESS_MAX_ARTICLES` memory is far from any limit, and the collection took
    0.15 s of a 198-article build)."""
    import ctypes
    import gc

    from . import rdf, store, summary

    # the terms cached while writing were made among the merge's passing objects
    store.clear_term_caches()
    rdf.clear_term_caches()
    summary.clear_term_caches()
    if not collect:
        return
    # what the reading, the extraction and the merge cached and the pages do not use: the
    # language identifier and the gazetteer (read first, ~130 MB), the names' keys and the dates
    # parsed (~90 MB of 148 live at 1,974 articles); the next build reads them again
    from . import gazetteer, iris, language, names, retype
    from .extract import times

    for cached in (
        language._identifier,
        gazetteer.gazetteer,
        names.place_fold,
        retype._name_key,
        times._parse,
        iris.article_iri,
    ):
        cached.cache_clear()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _previous(out: Path) -> list:
    """The records of the articles already in ``out/`` (slim: without their text)."""
    from . import cache

    return cache.load_all(out, slim=True)


def _override_text(out: Path, given: str | Path | None, fresh: bool) -> str:
    """The overrides in force: the file given now, else the copy kept in ``out/``."""
    from .merge import Overrides

    if given is not None:
        text = Overrides.read(given).text
        return text
    kept = out / OVERRIDES_FILE
    return "" if fresh or not kept.is_file() else kept.read_text(encoding="utf-8")


def _identity(out: Path) -> tuple[dict[str, str], dict[str, str]]:
    path = out / IDENTITY_FILE
    if not path.is_file():
        return {}, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("members", {}), data.get("redirects", {})


def _carry_redirects(earlier: dict[str, str], resolution) -> dict[str, str]:
    """Earlier redirects followed to today's nodes, plus today's; none points to nothing."""
    live = {str(i) for i in (*resolution.entity_info, *resolution.event_info)}
    now = {str(old): str(new) for old, new in resolution.redirects.items()}
    merged = dict(now)
    for old, target in earlier.items():
        for _ in range(10):  # follow a chain of merges
            if target in live or target not in now:
                break
            target = now[target]
        if target in live and old not in live:
            merged[old] = target
    return dict(sorted(merged.items()))


def _write_report(path: Path, result: BuildResult, model: str) -> None:
    report = {
        "kg_version": __version__,
        "model": model,
        "articles": [
            {
                "id": a.id,
                "source": a.source,
                "headline": a.headline,
                "encoding": a.encoding,
                "format": a.format,
            }
            for a in result.articles
        ],
        "unchanged": [{"id": a.id, "source": a.source} for a in result.unchanged],
        "skipped": [{"source": s.source, "reason": s.reason} for s in result.skipped],
        "counts": {
            "articles": len(result.articles) + result.kept,
            "added": len(result.articles),
            "kept": result.kept,
            "unchanged": len(result.unchanged),
            "skipped": len(result.skipped),
            "quads": result.quads,
            "redirects": result.redirects,
        },
        "timings_seconds": {k: round(v, 3) for k, v in result.timings.items()},
        "cpu_seconds": {k: round(v, 3) for k, v in result.cpu.items()},
        "peak_rss_mb": {k: round(v, 1) for k, v in result.peak_rss_mb.items()},
    }
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
