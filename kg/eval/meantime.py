"""Read the English MEANTIME corpus (Minard et al. 2016) as exported by Cattan et al.

Three files in one folder:

- ``all_text.txt``: ``doc_id<TAB>sent_id<TAB>token_id<TAB>token``, one token a line,
  a blank line between sentences; ``token_id`` runs through the document.
- ``all_entity_gold_mentions.json`` and ``all_event_gold_mentions.json``: lists of
  mentions ``{doc_id, sent_id, tokens_ids, tokens_str, coref_chain, mention_type,
  topic, m_id, …}``. ``coref_chain`` is the gold cluster: CROMER instance ids
  (``ORG1234…``) are global across documents; anything else (``Singleton_<m_id>_<doc>``,
  a document's own chain) is made document-local here.

Only the annotated part of each article is in the export (title and first
sentences); all of it is scored. The topic of a document is the ``topic`` of its
mentions (airbus, apple, gm, stock).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from .coref import CorefDoc, GoldMention, _model_name, build_text, evaluate_docs

TEXT_FILE = "all_text.txt"
ENTITY_FILE = "all_entity_gold_mentions.json"
EVENT_FILE = "all_event_gold_mentions.json"
_GLOBAL_CHAIN = re.compile(r"[A-Z]{3}\d+")


def read_tokens(path: Path) -> dict[str, dict[int, list[tuple[int, str]]]]:
    """doc id -> sentence number -> [(token id, token)], in file order."""
    docs: dict[str, dict[int, list[tuple[int, str]]]] = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) < 4:
                raise ValueError(f"{path}:{number}: expected 4 tab-separated columns")
            doc_id, sentence, token_id, token = parts[0], int(parts[1]), int(parts[2]), parts[3]
            docs.setdefault(doc_id, {}).setdefault(sentence, []).append((token_id, token))
    return docs


def read_mentions(path: Path, kind: str) -> tuple[list[GoldMention], dict[str, str]]:
    """The gold mentions of one JSON file, and the topic of each document named in it."""
    found, topics = [], {}
    for m in json.loads(path.read_text(encoding="utf-8")):
        doc = m["doc_id"]
        chain = str(m["coref_chain"])
        if not _GLOBAL_CHAIN.fullmatch(chain):
            chain = f"{doc}/{chain}"
        found.append(
            GoldMention(
                id=f"{doc}/{kind}{m['m_id']}",
                doc=doc,
                tokens=tuple(sorted(int(t) for t in m["tokens_ids"])),
                cluster=chain,
                tag=m.get("mention_type") or "untyped",
                sentence=int(m["sent_id"]),
                text=m.get("tokens_str", ""),
            )
        )
        topics[doc] = m.get("topic", "")
    return found, topics


def read_meantime(root: Path, topics=None) -> list[CorefDoc]:
    """Every document (of ``topics``, if given), ordered by topic then document id."""
    for name in (TEXT_FILE, ENTITY_FILE, EVENT_FILE):
        if not (root / name).is_file():
            raise ValueError(f"{root} has no {name}")
    entities, topic_of = read_mentions(root / ENTITY_FILE, "entity")
    events, event_topics = read_mentions(root / EVENT_FILE, "event")
    topic_of = {**event_topics, **topic_of}
    docs: dict[str, CorefDoc] = {}
    for doc_id, sentences in read_tokens(root / TEXT_FILE).items():
        text, spans = build_text(sorted(sentences.items()))
        docs[doc_id] = CorefDoc(id=doc_id, topic=topic_of.get(doc_id) or "unknown", text=text, tokens=spans)
    for m in entities:
        if m.doc in docs:
            docs[m.doc].entities.append(m)
    for m in events:
        if m.doc in docs:
            docs[m.doc].events.append(m)
    chosen = [d for d in docs.values() if topics is None or d.topic in set(topics)]
    return sorted(chosen, key=lambda d: (d.topic, d.id))


def evaluate_meantime(
    root: Path,
    topics: Sequence[str] | None = None,
    model: str | None = None,
    progress=None,
    held_out: bool = False,
) -> dict:
    """``kg eval coref-meantime``: MEANTIME, per topic and all 120 documents in one build;
    ``held_out`` leaves out the learned trigger entries whose only source is MEANTIME."""
    docs = read_meantime(root, topics)
    if not docs:
        raise ValueError(f"no MEANTIME documents under {root}")
    result = {
        "corpus": "MEANTIME",
        "path": str(root),
        "lexicon": "held out (no entries learned from MEANTIME alone)" if held_out else "full",
        **evaluate_docs(docs, model=model, progress=progress, held_out="meantime" if held_out else None),
    }
    result["model"] = _model_name(model)
    return result
