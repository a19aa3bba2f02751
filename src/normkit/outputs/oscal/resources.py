"""A catalog's back matter: the defined terms its texts use and the external documents they
cite, each an OSCAL resource that prose and controls link to by `#uuid`."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.standard import Standard, Version
from normkit.model.text import LinkEnd, LinkStart, Reference, TargetKind, TermUse, Text
from normkit.outputs.oscal.identity import object_uuid, one_line

_TAG = re.compile(r"<[^>]*>")


@dataclass(slots=True)
class Document:
    """An external document that texts link to."""

    url: str
    title: str
    uuid: str


@dataclass(slots=True)
class BackMatter:
    """The resources of one catalog, by what they stand for."""

    terms: list[Term] = field(default_factory=list)
    term_uuids: dict[str, str] = field(default_factory=dict)
    """Term id → resource UUID."""
    documents: dict[str, Document] = field(default_factory=dict)
    """URL → document, in order of first citation."""

    def term_hrefs(self) -> dict[str, str]:
        return {term_id: f"#{uuid}" for term_id, uuid in self.term_uuids.items()}

    def document_links(self, texts: Iterable[Text]) -> list[dict[str, Any]]:
        """`reference` links to the documents these texts cite, each once."""
        urls = dict.fromkeys(url for text in texts for url, _ in external_links(text))
        return [
            {"href": f"#{self.documents[url].uuid}", "rel": "reference"}
            for url in urls
            if url in self.documents
        ]


def external_links(text: Text) -> Iterator[tuple[str, str]]:
    """(URL, link text) of each external Markdown link in a text."""
    pieces = text.pieces
    for index, piece in enumerate(pieces):
        if isinstance(piece, LinkStart) and piece.target.kind is TargetKind.EXTERNAL:
            words: list[str] = []
            for inner in pieces[index + 1 :]:
                if isinstance(inner, LinkEnd):
                    break
                if isinstance(inner, str):
                    words.append(html_lib.unescape(_TAG.sub("", inner)))
                elif isinstance(inner, Reference | TermUse):
                    words.append(inner.text)
            yield piece.target.value, one_line("".join(words))


def collect(corpus: Corpus, standard: Standard, version: Version, texts: list[Text]) -> BackMatter:
    """The terms these texts use (as the glossary defines them for the version) and the
    external documents they link to."""
    matter = BackMatter()
    used = set().union(*(text.term_ids() for text in texts)) if texts else set()
    for term in corpus.terms_for(version.key):
        if term.id in used and term.id not in matter.term_uuids:
            matter.terms.append(term)
            matter.term_uuids[term.id] = object_uuid(standard, "term", term.id)
    for text in texts:
        for url, words in external_links(text):
            if url not in matter.documents:
                uuid = object_uuid(standard, "document", url)
                matter.documents[url] = Document(url=url, title=words or url, uuid=uuid)
    return matter


def resources(
    matter: BackMatter, namespace: str, definition: dict[str, str]
) -> list[dict[str, Any]]:
    """The back-matter resources; `definition` holds each term's definition as prose."""
    found: list[dict[str, Any]] = []
    for term in matter.terms:
        props = [{"name": "kind", "ns": namespace, "value": "defined-term"}]
        props.extend(
            {"name": "alias", "ns": namespace, "value": one_line(alias)}
            for alias in term.aliases
            if one_line(alias)
        )
        resource: dict[str, Any] = {
            "uuid": matter.term_uuids[term.id],
            "title": one_line(term.term) or term.id,
            "props": props,
        }
        if definition.get(term.id):
            resource["description"] = definition[term.id]
        if one_line(term.source):
            resource["citation"] = {"text": one_line(term.source)}
        found.append(resource)
    for document in matter.documents.values():
        found.append(
            {
                "uuid": document.uuid,
                "title": document.title,
                "props": [{"name": "kind", "ns": namespace, "value": "external-document"}],
                "rlinks": [{"href": document.url}],
            }
        )
    return found
