"""The relation index build alone, for an instruction count that the machine's load cannot touch.

    valgrind --tool=callgrind --toggle-collect=functools_reduce --callgrind-out-file=/tmp/build.out \
        python bench/recognition_callgrind.py [N]

counts only what runs inside `functools.reduce` (nothing else in this process calls it): the build
of `RelationIndex` over N generated relations (20,000 by default; seed as bench/recognition.py).
Run it once without valgrind first, so that compiling the modules is not counted.
"""
from __future__ import annotations

import functools
import gc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, installed or not
sys.path.insert(0, str(Path(__file__).resolve().parent))

from domain.relation_index import RelationIndex  # noqa: E402
from recognition_administration import generate_administration  # noqa: E402

relations, _ = generate_administration(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000, 20240301)
gc.collect()
index = functools.reduce(lambda _, built: RelationIndex(built), [relations], None)
print(f"{len(index):,} relations indexed")
