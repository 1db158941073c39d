"""GIFT (Moodle's "General Import Format Technology"): read in ``read``, written in ``write``. Pure.

``parse(data) -> ParseResult`` or ``FormatError`` with every error by line.
``dump(questions) -> str`` writes questions back so that ``parse(dump(q))``
gives the same definitions.

Decisions on the points GIFT leaves open (see shared/formats/GIFT-SPEC.md):

* Text without a format prefix (Moodle's ``[moodle]`` auto-format) is read as
  Markdown, ALMA's house format; ``[html]`` is sanitised (no script, style,
  on* attributes or javascript: URLs); ``[plain]`` is kept as plain text. A
  part (choice, feedback) in another format than the question text is
  converted to the question's format.
* Questions are separated by blank lines, but a blank line inside an open
  answer block ``{ … }`` does not end the question.
* Weights (``%50%``, ``%-33.33333%``) are kept as written, between -100 and
  100; they are not snapped to Moodle's list of grades.
* Text after the answer block makes a missing-word question: the block's place
  in the sentence is shown as a blank (``_____``).
* ``=%0%*#feedback`` in a short-answer question is the feedback for any other
  answer; ``~#feedback`` (no value) is the same for a numeric question.
* The type comes from the answer block as in Moodle's qformat_gift (see ``kinds``).
  An empty block ``{}`` is an essay; its general feedback ``####…`` is read as
  the essay's rubric (and written back there). Descriptions (no answer block)
  and cloze items (several answer blocks) are not types of ALMA's GIFT: they are
  *skipped*, each reported in ``ParseResult.skipped`` by line, type and reason.
* Matching items that all point to 1, 2, 3 … with the tag ``ordering`` are an
  ordering question.
"""

from quizzes.formats.gift.read import parse
from quizzes.formats.gift.write import dump, dump_question, escape

__all__ = ["dump", "dump_question", "escape", "parse"]
