"""Benchmark: the real snippet suite run four ways, wall time for each.

    python -m scripts.benchmark_snippets

(a) one plain `python snippet.py` process per snippet, one after another
(b) the runner, cold: nothing verified before
(c) the runner again with nothing changed
floor: one process that imports torch, transformers and peft once and runs
       every snippet back to back with no isolation at all

Goals: (b) within 1.3x of the floor, (a)/(b) at least 4, (c) under 3 s.
Only CPU snippets are timed (this is what CI runs)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from scripts.pins import REPO_ROOT
from scripts.runner.snippet import CHECKPOINTS_DIR, all_snippet_paths, load_snippet

FLOOR = r"""
import os, runpy, sys, tempfile, contextlib, io
import torch, transformers, peft
for path in sys.argv[1:]:
    work = tempfile.mkdtemp()
    os.symlink(os.environ["CHECKPOINTS"], os.path.join(work, "checkpoints"))
    os.chdir(work)
    torch.manual_seed(0)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            runpy.run_path(path, run_name="__main__")
        except BaseException:
            pass
"""


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kwargs)
    return time.perf_counter() - start


def main() -> None:
    snippets = [load_snippet(p) for p in all_snippet_paths()]
    cpu = [s for s in snippets if "cpu" in s.devices]
    paths = [str(s.path) for s in cpu]
    print(f"{len(cpu)} CPU snippets, {os.cpu_count()} cores")

    plain = 0.0
    for snippet in cpu:
        with tempfile.TemporaryDirectory() as work:
            os.symlink(CHECKPOINTS_DIR, os.path.join(work, "checkpoints"))
            env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", **snippet.env}
            plain += timed([sys.executable, str(snippet.path)], cwd=work, env=env)

    floor = timed([sys.executable, "-c", FLOOR, *paths], env={**os.environ, "CHECKPOINTS": str(CHECKPOINTS_DIR)})

    with tempfile.TemporaryDirectory() as cache_dir:
        env = {**os.environ, "SNIPPETS_CACHE": os.path.join(cache_dir, "verified.json")}
        runner = [sys.executable, "-m", "scripts.runner", "check", "--device", "cpu"]
        cold = timed(runner, cwd=REPO_ROOT, env=env)
        unchanged = timed(runner, cwd=REPO_ROOT, env=env)

    print(f"(a) one python process per snippet : {plain:7.1f} s")
    print(f"(b) runner, cold                   : {cold:7.1f} s   ({plain / cold:.1f}x faster than (a); goal >= 4x)")
    print(f"(c) runner, nothing changed        : {unchanged:7.1f} s   (goal < 3 s)")
    print(f"floor: one process, no isolation   : {floor:7.1f} s   ((b) is {cold / floor:.2f}x the floor; goal <= 1.3x)")


if __name__ == "__main__":
    main()
