"""The file cache production uses without Redis (alma/file_cache.py) still culls, but lists its
directory once per ``CULL_EVERY`` writes instead of on every one."""

import os

import pytest

from alma import file_cache
from alma.file_cache import SparselyCulledFileCache


@pytest.fixture
def small_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "CULL_EVERY", 5)
    return SparselyCulledFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})


def test_the_directory_is_listed_once_per_cull_every_writes(small_cache, monkeypatch):
    listings = []
    list_files = small_cache._list_cache_files
    monkeypatch.setattr(small_cache, "_list_cache_files", lambda: listings.append(1) or list_files())
    for n in range(50):
        small_cache.set(f"key-{n}", n)
    assert 50 // 5 <= len(listings) <= 2 * 50 // 5  # a cull lists once more to choose what to delete


def test_a_full_cache_is_still_culled(small_cache, tmp_path):
    for n in range(60):
        small_cache.set(f"key-{n}", n)
    files = [name for name in os.listdir(tmp_path) if name.endswith(".djcache")]
    assert len(files) <= 10 + 5  # MAX_ENTRIES, passed by at most CULL_EVERY writes
    assert small_cache.get("key-59") == 59
