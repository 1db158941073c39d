"""Import parsed question files into the bank, and export the bank back.

``import_file`` is atomic: a file with any error (in the format, or an outcome
code the framework does not have) changes nothing and lists every error with
its line; questions of types the bank does not hold are skipped and reported
by line, type and reason (``strict=True`` refuses the file instead). A category
that only looks like an outcome code (``CHEM-101``, not shaped like the
framework's codes) names no outcome: a warning, not an error. Images inside the
file become Wagtail images shown in the question. Re-importing a file updates its questions instead of duplicating
them: a question is identified by its ``[id:…]`` (GIFT) or ``<idnumber>``
(Moodle XML), unique per category as in Moodle (an id already used in another
outcome is kept apart as ``CATEGORY/id``), else by ``<namespace>:<outcome>:<n>`` — its position among the
file's questions on that outcome — so the es, pt and en files of a module
(same questions in the same order) become translations of each other (they
share ``translation_key``). Add ids to keep identity when reordering.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale

from alma.bulk import sync_m2m
from alma.deferred_index import deferred_indexing, touched
from curriculum.models import LearningOutcome
from quizzes import definition as qdef
from quizzes.formats import FormatError, ParsedQuestion, ParseResult, Skipped, gift, moodle_xml, outcome_from_category
from quizzes.import_images import embedded_images, missing_images, store_images
from quizzes.models import Question, QuestionVersion

FORMATS = {"gift": gift, "moodle-xml": moodle_xml}


def guess_format(filename: str) -> str:
    return "moodle-xml" if Path(filename).suffix.lower() == ".xml" else "gift"


@dataclass
class ImportSummary:
    counts: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class _DryRun(Exception):
    pass


def parse_file(data: bytes | str, fmt: str, filename: str = "") -> ParseResult:
    if fmt not in FORMATS:
        raise FormatError([(0, f"Unknown format '{fmt[:20]}'; use gift or moodle-xml.")], filename)
    return FORMATS[fmt].parse(data, filename)


def _scope(q: ParsedQuestion) -> str:
    """The category a question's id is unique in: its outcome, else its category's last segment."""
    if q.outcome_codes:
        return q.outcome_codes[0]
    segments = [seg.strip() for seg in q.category.split("/") if seg.strip()]
    last = segments[-1][:40] if segments else ""
    return "" if last == "no-outcome" else last  # what the exporters write for questions without an outcome


def _keys(questions: list[ParsedQuestion], namespace: str, existing_scopes: dict[str, set] | None = None) -> list[str]:
    """One key per question. An id is unique per category (Moodle's rule): a question without an outcome
    keys it as ``category/id``; one with an outcome uses the id as it is unless a question of another
    outcome already has it (in the bank or earlier in the file): then ``outcome/id``."""
    existing_scopes = existing_scopes or {}
    seen: dict[str, int] = {}
    taken: dict[str, set] = {}
    keys = []
    for q in questions:
        if q.external_id:
            scope = _scope(q)
            bare = q.external_id[:100]
            scoped = f"{scope}/{q.external_id}"[:100] if scope else bare
            owners = taken.get(bare, existing_scopes.get(bare))
            if not q.outcome_codes or scoped in existing_scopes:
                key = scoped
            elif owners is None or scope in owners:
                key = bare
            else:
                key = scoped
            taken.setdefault(key, set()).add(scope)
            keys.append(key)
            continue
        code = q.outcome_codes[0] if q.outcome_codes else "none"
        seen[code] = seen.get(code, 0) + 1
        keys.append(f"{namespace}:{code}:{seen[code]}"[:100])
    return keys


def import_file(data: bytes | str, *, fmt: str, locale: Locale | str, filename: str = "", namespace: str = "",
                dry_run: bool = False, user=None, default_outcomes: list[str] | tuple = (),
                strict: bool = False) -> ImportSummary:
    """Parse and import a whole file, atomically. Raises FormatError listing every error
    (with ``strict``, every skipped question too)."""
    if isinstance(locale, str):
        try:
            locale = Locale.objects.get(language_code=locale)
        except Locale.DoesNotExist:
            known = ", ".join(Locale.objects.values_list("language_code", flat=True))
            raise FormatError([(0, f"Unknown language '{locale[:10]}'. Known: {known}.")], filename) from None
    result = parse_file(data, fmt, filename)
    if strict and result.skipped:
        raise FormatError([(s.line, f"{s.report()} (--strict refuses any skipped question)") for s in result.skipped],
                          filename)
    namespace = namespace or slugify(Path(filename).stem) or "import"
    return import_parsed(result, locale=locale, namespace=namespace, dry_run=dry_run, user=user,
                         default_outcomes=default_outcomes, filename=filename)


def import_parsed(result: ParseResult, *, locale: Locale, namespace: str, dry_run=False, user=None,
                  default_outcomes=(), filename="") -> ImportSummary:
    questions = result.questions
    summary = ImportSummary(warnings=list(result.warnings), skipped=list(result.skipped), dry_run=dry_run)
    codes = {c for q in questions for c in (q.outcome_codes or default_outcomes)}
    outcomes: dict[str, LearningOutcome] = {}
    for outcome in LearningOutcome.objects.filter(code__in=codes).select_related("locale").order_by("-locale_id"):
        if outcome.code not in outcomes or outcome.locale_id == locale.pk:
            outcomes[outcome.code] = outcome
    shapes = _code_shapes() if set(codes) - set(outcomes) else set()
    errors = []
    for q in questions:
        from_category = outcome_from_category(q.category) if q.category else ""
        if from_category and from_category not in outcomes and _shape(from_category) not in shapes:
            # A category like $course$/top/CHEM-101 is a plain category, not an outcome of this framework.
            summary.warnings.append((q.line, f"The category '{from_category}' is not an outcome code of the framework: "
                                             "the question gets no outcome from it."))
            q.outcome_codes = [c for c in q.outcome_codes if c != from_category]
        for code in q.outcome_codes or default_outcomes:
            if code not in outcomes:
                errors.append((q.line, f"There is no learning outcome '{code}' in the framework: fix the $CATEGORY "
                                       "or add the outcome first."))
        for name in missing_images(q):
            summary.warnings.append((q.line, f"The image '{name[:60]}' is used in the question but not included in the "
                                             "file (GIFT cannot hold images): add it to the question in the admin."))
    if errors:
        raise FormatError(errors, filename)
    ids = [q.external_id[:100] for q in questions if q.external_id]
    existing_scopes = {}
    if ids:
        for external_id, code in Question.objects.filter(locale=locale).filter(
                external_id__in=ids + [f"{_scope(q)}/{q.external_id}"[:100] for q in questions if q.external_id]
        ).values_list("external_id", "outcomes__code").order_by("external_id", "outcomes__code"):
            existing_scopes.setdefault(external_id, set()).add(code or "")
    keys = _keys(questions, namespace, existing_scopes)
    existing = {q.external_id: q for q in Question.objects.filter(locale=locale, external_id__in=keys)
                .select_related("latest_version").prefetch_related("outcomes")}
    translations = dict(Question.objects.filter(external_id__in=keys).exclude(locale=locale)
                        .values_list("external_id", "translation_key"))
    image_cache: dict[str, str] = {}
    try:
        with transaction.atomic(), deferred_indexing():
            new = []
            for q, key in zip(questions, keys):
                store_images(q, image_cache)
                qtype = q.definition["type"]
                summary.counts[qtype] = summary.counts.get(qtype, 0) + 1
                question = existing.get(key)
                wanted_rows = [outcomes[c] for c in (q.outcome_codes or default_outcomes)]
                wanted = sorted(o.pk for o in wanted_rows)
                if question is not None:
                    same = (question.latest_version and question.latest_version.definition == q.definition
                            and question.title == q.title[:255] and question.difficulty == q.difficulty
                            and sorted(o.pk for o in question.outcomes.all()) == wanted)
                    if same:
                        summary.unchanged += 1
                        continue
                    summary.updated += 1
                else:
                    question = Question(locale=locale, external_id=key,
                                        translation_key=translations.get(key) or uuid.uuid4())
                    summary.created += 1
                question.title = q.title[:255]
                question.difficulty = q.difficulty
                question.set_definition(q.definition)
                if question.pk is None and not question.data_binding:
                    new.append((question, wanted_rows))
                    continue
                # Updates and data-bound questions (computed answers, versions kept) go one by one,
                # after the new ones before them (question ids follow the file's order).
                _create_questions(new)
                new = []
                question.outcomes.set(wanted_rows)
                question.save()
            _create_questions(new)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _shape(code: str) -> tuple:
    """A code's shape: its number of segments and its middle segments (CM-SEC-01 → (3, ('SEC',)))."""
    parts = code.split("-")
    return len(parts), tuple(parts[1:-1])


def _code_shapes() -> set[tuple]:
    return {_shape(code) for code in LearningOutcome.objects.values_list("code", flat=True).distinct()}


def _create_questions(new: list[tuple[Question, list[LearningOutcome]]]) -> None:
    """Insert new questions (no data binding), their outcome links and first
    versions in a few bulk queries: what ``Question.save`` does for each."""
    if not new:
        return
    definitions = []
    for question, _outcomes in new:
        definition = question.build_definition()
        errors = qdef.validate(definition)
        if errors:
            raise ValidationError(errors)
        question.qtype = definition["type"] or ""
        definitions.append(definition)
    Question.objects.bulk_create([question for question, _outcomes in new])
    sync_m2m(Question._meta.get_field("outcomes"), {question.pk: {o.pk for o in rows} for question, rows in new})
    versions = QuestionVersion.objects.bulk_create([
        QuestionVersion(question=question, number=1, definition=definition, qtype=definition["type"],
                        outcome_codes=sorted({o.code for o in rows}), difficulty=question.difficulty,
                        image_id=question.image_id, image_alt=question.image_alt)
        for (question, rows), definition in zip(new, definitions)])
    for (question, _rows), version in zip(new, versions):
        question.latest_version = version
    Question.objects.bulk_update([question for question, _rows in new], ["latest_version"])
    touched([question for question, _rows in new] + versions)


def export_questions(questions) -> list[ParsedQuestion]:
    """The bank's questions (latest versions) as ParsedQuestion, ready for gift.dump / moodle_xml.dump."""
    out = []
    for question in questions.select_related("latest_version").prefetch_related("outcomes").order_by("pk"):
        if question.latest_version is None:
            question.sync_version()
        codes = sorted({o.code for o in question.outcomes.all()})
        definition = question.latest_version.definition
        external_id, category = question.external_id, ""
        scope, _sep, bare = external_id.partition("/")
        if bare and (scope in codes[:1] or not codes):
            external_id, category = bare, scope  # an id kept apart per category goes back to its category
        out.append(ParsedQuestion(line=0, title=question.title, definition=definition, outcome_codes=codes,
                                  category=category, external_id=external_id, difficulty=question.difficulty,
                                  embedded=embedded_images(definition)))
    out.sort(key=lambda p: (p.outcome_codes[:1], 0))
    return out


def dump(parsed: list[ParsedQuestion], fmt: str) -> str:
    if fmt == "gift":  # GIFT has no cloze (embedded answers): the file says which questions it leaves out
        left_out = [p.title for p in parsed if p.definition["type"] == "cloze"]
        text = FORMATS[fmt].dump([p for p in parsed if p.definition["type"] != "cloze"])
        if left_out:
            text = "".join(f"// Not exported: GIFT has no cloze questions; export Moodle XML for «{title}».\n"
                           for title in left_out) + text
        return text
    return FORMATS[fmt].dump(parsed)
