"""Read ECB+ (Cybulska & Vossen 2014): CAT/CROMER XML, one file per document.

Layout: ``ECB+/<topic>/<topic>_<n>ecb.xml`` (original ECB documents) and
``<topic>_<n>ecbplus.xml`` (the second seminal event of the topic). A file has
``<token t_id sentence number>`` elements, ``<Markables>`` and ``<Relations>``:

- a markable with ``<token_anchor>`` children is a mention; one without is an
  instance descriptor (``instance_id``, ``TAG_DESCRIPTOR``);
- ``CROSS_DOC_COREF`` (``note`` = the instance id, global across documents) puts
  its ``source`` mentions in that cross-document cluster;
- ``INTRA_DOC_COREF`` puts its sources in one cluster of this document (named
  after its target, an instance descriptor);
- any other mention is a singleton.

Gold entity mentions are the HUMAN_PART_*, NON_HUMAN_PART* and LOC_* mentions;
gold event mentions the ACTION_* and NEG_ACTION_* ones. TIME_* mentions are left
out by default: kg does not cluster time expressions across documents, so they
would only lower recall by a constant and hide the change in everything else.
``include_times=True`` counts them as entities, as the usual ECB+ preprocessing
(Cattan et al.'s, behind most published entity figures) does: there every
mention that is not ACTION_*/NEG_* is an entity.

Sentence 0 of an ``ecbplus`` file is the source URL: it is not part of the text.
Sentence 0 of an ``ecb`` file is the headline and stays.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from .coref import DEV_TOPICS, CorefDoc, GoldMention, _model_name, build_text, evaluate_docs

TEST_TOPICS = tuple(str(t) for t in range(36, 46))
ALL_TOPICS = tuple(str(t) for t in range(1, 46) if t not in (15, 17))
TRAIN_TOPICS = tuple(t for t in ALL_TOPICS if t not in DEV_TOPICS and t not in TEST_TOPICS)

ENTITY_PREFIXES = ("HUMAN_PART", "NON_HUMAN_PART", "LOC_")
EVENT_PREFIXES = ("ACTION_", "NEG_ACTION_")
_FILE = re.compile(r"(\d+)_(\d+)(ecb|ecbplus)\.xml$")


def corpus_folder(root: Path) -> Path:
    """The folder holding the topic folders: ``root/ECB+`` if there is one, else ``root``."""
    inner = root / "ECB+"
    return inner if inner.is_dir() else root


def document_files(root: Path, topics) -> list[Path]:
    """The XML files of ``topics``, ordered by topic, ecb before ecbplus, then number."""
    folder = corpus_folder(root)
    files = []
    for topic in topics:
        for path in (folder / str(topic)).glob("*.xml"):
            m = _FILE.match(path.name)
            if m and m.group(1) == str(topic):
                files.append(((int(m.group(1)), m.group(3), int(m.group(2))), path))
    return [p for _, p in sorted(files)]


def read_document(path: Path, include_times: bool = False) -> CorefDoc:
    """One ECB+ document: its text (from its tokens) and its gold mentions."""
    m = _FILE.match(path.name)
    if m is None:
        raise ValueError(f"not an ECB+ file name: {path.name}")
    topic, is_plus = m.group(1), m.group(3) == "ecbplus"
    doc_id = path.name[: -len(".xml")]
    root = ET.parse(path).getroot()

    sentences: dict[int, list[tuple[int, str]]] = {}
    for tok in root.iter("token"):
        sentence = int(tok.attrib["sentence"])
        if is_plus and sentence == 0:
            continue  # the source URL
        sentences.setdefault(sentence, []).append((int(tok.attrib["t_id"]), tok.text or ""))
    text, spans = build_text(sorted(sentences.items()))

    markables = root.find("Markables")
    mentions: dict[str, tuple[str, tuple[int, ...]]] = {}
    for mk in markables if markables is not None else []:
        anchors = tuple(int(a.attrib["t_id"]) for a in mk.findall("token_anchor"))
        if anchors:
            mentions[mk.attrib["m_id"]] = (mk.tag, tuple(sorted(anchors)))

    cluster: dict[str, str] = {}
    relations = root.find("Relations")
    ordered = sorted(
        relations if relations is not None else [], key=lambda r: r.tag != "CROSS_DOC_COREF"
    )  # cross-document links win
    for rel in ordered:
        sources = [s.get("m_id") for s in rel.findall("source")]
        if rel.tag == "CROSS_DOC_COREF":
            name = rel.get("note") or f"{doc_id}/cross/{rel.get('r_id')}"
        elif rel.tag == "INTRA_DOC_COREF":
            targets = [t.get("m_id") for t in rel.findall("target")]
            name = f"{doc_id}/intra/{targets[0] if targets else rel.get('r_id')}"
        else:
            continue
        for source in sources:
            if source in mentions:
                cluster.setdefault(source, name)

    doc = CorefDoc(id=doc_id, topic=topic, text=text, tokens=spans)
    all_tokens = {int(t.attrib["t_id"]): int(t.attrib["sentence"]) for t in root.iter("token")}
    words = {int(t.attrib["t_id"]): t.text or "" for t in root.iter("token")}
    for m_id, (tag, tokens) in sorted(mentions.items(), key=lambda kv: (kv[1][1], kv[0])):
        gold = GoldMention(
            id=f"{doc_id}/{m_id}",
            doc=doc_id,
            tokens=tokens,
            cluster=cluster.get(m_id, f"{doc_id}/singleton/{m_id}"),
            tag=tag,
            sentence=all_tokens.get(tokens[-1], -1),
            text=" ".join(words.get(t, "") for t in tokens),
        )
        if tag.startswith(EVENT_PREFIXES):
            doc.events.append(gold)
        elif tag.startswith(ENTITY_PREFIXES) or (include_times and tag.startswith("TIME_")):
            doc.entities.append(gold)
    return doc


def read_ecbplus(
    root: Path, topics=DEV_TOPICS, limit_docs: int | None = None, include_times: bool = False
) -> list[CorefDoc]:
    """The documents of ``topics`` (``limit_docs``: only the first N of each topic)."""
    docs: list[CorefDoc] = []
    per_topic: dict[str, int] = {}
    for path in document_files(root, topics):
        topic = path.parent.name  # document_files() took only <topic>/<topic>_<n>ecb(plus).xml
        if limit_docs is not None and per_topic.get(topic, 0) >= limit_docs:
            continue
        per_topic[topic] = per_topic.get(topic, 0) + 1
        docs.append(read_document(path, include_times=include_times))
    return docs


def read_sentence_filter(path: Path) -> dict[str, set[int]]:
    """``ECBplus_coreference_sentences.csv`` (Topic,File,Sentence Number) -> doc id -> sentences."""
    selected: dict[str, set[int]] = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        rows = (
            [header, *reader] if header and header[0].strip().isdigit() else list(reader)
        )  # no header line?
        for row in rows:
            if len(row) < 3 or not row[0].strip():
                continue
            topic, name, sentence = (c.strip() for c in row[:3])
            selected.setdefault(f"{topic}_{name}", set()).add(int(sentence))
    return selected


def evaluate_ecbplus(
    root: Path,
    topics: Sequence[str] = DEV_TOPICS,
    sentences_csv: Path | None = None,
    limit_docs: int | None = None,
    model: str | None = None,
    include_times: bool = False,
    progress=None,
    held_out: bool = False,
) -> dict:
    """``kg eval coref``: ECB+ topics, cross-document within each topic; ``held_out`` leaves out
    the learned trigger entries whose only source is ECB+."""
    docs = read_ecbplus(root, topics, limit_docs=limit_docs, include_times=include_times)
    if not docs:
        raise ValueError(f"no ECB+ documents of topics {','.join(topics)} under {root}")
    sentences = read_sentence_filter(sentences_csv) if sentences_csv else None
    result = {
        "corpus": "ECB+",
        "path": str(root),
        "sentences": str(sentences_csv) if sentences_csv else None,
        "times_are_entities": include_times,
        "lexicon": "held out (no entries learned from ECB+ alone)" if held_out else "full",
        **evaluate_docs(
            docs,
            model=model,
            sentences=sentences,
            progress=progress,
            held_out="ecbplus" if held_out else None,
        ),
    }
    result["model"] = _model_name(model)
    return result
