import pytest

from curriculum.orcid import is_valid_orcid


@pytest.mark.parametrize("value", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X",
                                   "https://orcid.org/0000-0002-1825-0097"])
def test_valid_orcids(value):
    assert is_valid_orcid(value)


@pytest.mark.parametrize("value", ["0000-0002-1825-0098", "0000-0002-1825-009", "abcd-0002-1825-0097", ""])
def test_invalid_orcids(value):
    assert not is_valid_orcid(value)
