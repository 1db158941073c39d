"""QTI 3.0 content packages: written in ``write``, read (QTI 3.0 and 2.x) in ``read``. Pure.

``dump(questions, language=…)`` gives the zip: ``imsmanifest.xml`` (QTI 3.0 CP
profile, with LOM, QTI and curriculum-standards metadata), ``items/item-NNNN.xml``
(``qti-assessment-item``) and ``alma/item-NNNN.json`` (what only ALMA reads back).
``parse(data)`` reads such a package, another tool's package or one item file.
"""

from quizzes.formats.qti3.read import parse
from quizzes.formats.qti3.write import dump, package_files

__all__ = ["dump", "package_files", "parse"]
