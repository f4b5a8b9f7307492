"""Huge builds hand freed memory back to the system (pipeline/memory.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefgen.pipeline.memory import release_free_memory

# In a fresh interpreter: 100 MB of small objects freed, one kept at the heap's end so that the
# C allocator cannot give the space back by itself, as after a huge build's render stage.
PROGRAM = """
from briefgen.pipeline.memory import release_free_memory
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
blocks = [bytes(2000) + i.to_bytes(4, "little") for i in range(50000)]
last = blocks[-1]
del blocks
before = rss()
release_free_memory()
print(before, rss())
"""


def test_freed_memory_goes_back_to_the_system() -> None:
    if not release_free_memory():
        pytest.skip("only glibc can hand free heap back (malloc_trim)")
    out = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True).stdout
    before, after = map(float, out.split())
    assert before - after > 60, f"resident memory {before:.0f} MB → {after:.0f} MB"
