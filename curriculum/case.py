"""The framework's learning outcomes as a 1EdTech CASE 1.0 CFPackage, with the national
curriculum standards they fit as external CFItems (each pointing at its curriculum's
document) joined by isRelatedTo / exactMatchOf associations.

Identifiers are UUID 5 of stable codes, so the same outcome or standard keeps its
identifier across exports and languages."""

from __future__ import annotations

import uuid

from django.utils import timezone

from curriculum.models import LearningOutcome, NationalCurriculum, NationalStandard, OutcomeAlignment, Relation

NAMESPACE = uuid.UUID("0c4b8f7e-6d0e-4b8a-9a51-3f5f3c1a2e10")
DOCUMENT_CODE = "alma-aula-framework"
ASSOCIATION_TYPES = {Relation.RELATED: "isRelatedTo", Relation.EXACT: "exactMatchOf"}


def identifier(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _link(title: str, ident: str, uri: str) -> dict:
    return {"title": title, "identifier": ident, "uri": uri}


def cf_package(locale, *, document_uri: str, outcome_uri) -> dict:
    """The CFPackage of the outcomes in ``locale``. ``outcome_uri(code)`` is where an
    outcome can be read (the API's outcome detail); the document's uri is ``document_uri``."""
    changed = timezone.now().replace(microsecond=0).isoformat()
    document = {
        "identifier": identifier(DOCUMENT_CODE), "uri": document_uri, "creator": "ALMA Aula",
        "title": "ALMA Aula — learning outcomes", "lastChangeDateTime": changed, "language": locale.language_code,
        "description": "Learning outcomes of the ALMA Aula curriculum on critical minerals and a just energy transition, "
                       "with the national curriculum standards they fit.",
    }
    document_link = _link(document["title"], document["identifier"], document_uri)
    items, associations = [], []
    outcomes = {}
    for outcome in LearningOutcome.objects.filter(locale=locale).order_by("code"):
        item = {
            "identifier": identifier("outcome", outcome.code), "uri": outcome_uri(outcome.code),
            "fullStatement": outcome.statement, "humanCodingScheme": outcome.code, "CFItemType": "Learning outcome",
            "educationLevel": [outcome.level], "language": locale.language_code, "lastChangeDateTime": changed,
            "CFDocumentURI": document_link,
        }
        items.append(item)
        outcomes[outcome.code] = _link(outcome.code, item["identifier"], item["uri"])
        associations.append(_association(outcomes[outcome.code], "isChildOf", document_link, changed))
    standards = {}
    curricula = {c.pk: c for c in NationalCurriculum.objects.all()}
    for standard in NationalStandard.objects.filter(alignments__isnull=False).distinct().order_by("curriculum", "code"):
        curriculum = curricula[standard.curriculum_id]
        ident = identifier("standard", curriculum.code, standard.code)
        items.append({
            "identifier": ident, "uri": f"urn:uuid:{ident}", "fullStatement": standard.text,
            "humanCodingScheme": standard.code, "CFItemType": standard.subject, "educationLevel": [standard.grade],
            "language": curriculum.language, "lastChangeDateTime": changed,
            "notes": "A short paraphrase by ALMA Aula; the official wording is in the document named by CFDocumentURI.",
            "CFDocumentURI": _link(f"{curriculum.title} ({curriculum.year})", identifier("curriculum", curriculum.code),
                                   curriculum.url),
        })
        standards[standard.pk] = _link(f"{curriculum.name} {standard.code}", ident, f"urn:uuid:{ident}")
    for alignment in OutcomeAlignment.objects.order_by("outcome_code", "standard_id"):
        if alignment.outcome_code in outcomes:
            associations.append(_association(outcomes[alignment.outcome_code], ASSOCIATION_TYPES[alignment.relation],
                                             standards[alignment.standard_id], changed))
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


def _association(origin: dict, kind: str, destination: dict, changed: str) -> dict:
    ident = identifier("association", origin["identifier"], kind, destination["identifier"])
    return {"identifier": ident, "uri": f"urn:uuid:{ident}", "associationType": kind, "lastChangeDateTime": changed,
            "originNodeURI": origin, "destinationNodeURI": destination}
