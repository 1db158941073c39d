"""A package lesson cannot make learners' browsers load an image from another site (issue #12)."""

import pytest

from contributions.loader import load_tree
from contributions.package import PackageInvalid

from .conftest import lesson
from .test_import_package import module_dir  # noqa: F401  (fixture)


@pytest.mark.parametrize("image", ["![Mapa](https://tracker.example/pixel.gif)", "![x](//cdn.example/a.png)"])
def test_an_external_image_in_a_lesson_is_refused_with_file_and_line(module_dir, image):  # noqa: F811
    path = module_dir / "lessons/02-relaves.en.md"
    path.write_text(lesson("Tailings", f"Intro.\n\n{image}\n"))
    with pytest.raises(PackageInvalid) as error:
        load_tree(module_dir)
    assert any("02-relaves.en.md:9" in str(p) and "another site" in str(p) for p in error.value.problems), \
        error.value.problems
