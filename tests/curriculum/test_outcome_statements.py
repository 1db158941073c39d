from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from curriculum.outcome_statements import statements_by_code
from tests.factories import OutcomeFactory, locale


def test_statements_speak_the_active_language_fall_back_and_follow_edits(site_pages):
    spanish = OutcomeFactory(code="WA-SEC-07", statement="Explica el balance hídrico.", locale=locale("es"))
    OutcomeFactory(code="WA-SEC-07", statement="Explain the water balance.", locale=locale("en"),
                   translation_key=spanish.translation_key)
    OutcomeFactory(code="GEO-SEC-01", statement="Describe cómo se forma un pórfido.", locale=locale("es"))
    with translation.override("en"):
        assert statements_by_code()["WA-SEC-07"] == "Explain the water balance."
        assert statements_by_code()["GEO-SEC-01"] == "Describe cómo se forma un pórfido."  # no English yet
        with CaptureQueriesContext(connection) as queries:
            statements_by_code()
        assert len(queries) == 0  # read once per content version
    with translation.override("es"):
        assert statements_by_code()["WA-SEC-07"] == "Explica el balance hídrico."
        spanish.statement = "Explica el balance hídrico de una faena."
        spanish.save()  # a framework snippet saved: the next read sees it
        assert statements_by_code()["WA-SEC-07"] == "Explica el balance hídrico de una faena."
