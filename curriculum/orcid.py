"""ORCID iD validation (ISO 7064 11,2 checksum), without touching the network."""

import re

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def is_valid_orcid(value: str) -> bool:
    value = value.strip().removeprefix("https://orcid.org/")
    if not ORCID_PATTERN.match(value):
        return False
    digits = value.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    return digits[-1] == expected
