"""Runs one snippet inside the current process and writes what happened to a
JSON file. Used in a fork of the warm worker and, for snippets that need a
fresh interpreter, as `python -m scripts.runner.child SNIPPET RESULT EXPECT`.

This module imports nothing heavy itself: a fresh interpreter must see the
snippet's own imports happen for the first time."""

from __future__ import annotations

import io
import json
import logging
import os
import random
import runpy
import sys
import traceback
import warnings


def _reset_warnings() -> None:
    """The filters a plain `python snippet.py` starts with (pytest changes them
    in the process we may have forked from)."""
    warnings.resetwarnings()
    warnings.simplefilter("ignore", ResourceWarning)
    warnings.simplefilter("ignore", ImportWarning)
    warnings.simplefilter("ignore", PendingDeprecationWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
    warnings.showwarning = warnings._showwarning_orig  # type: ignore[attr-defined]
    warnings._showwarnmsg_impl = _show_warning  # type: ignore[attr-defined]
    warnings.__dict__.get("_filters_mutated", lambda: None)()


def _show_warning(message) -> None:
    """What Python prints for a warning (pytest swaps this out for its own)."""
    (message.file or sys.stderr).write(warnings._formatwarnmsg(message))  # type: ignore[attr-defined]


def _fresh_streams() -> None:
    """Point sys.stdout/stderr at fds 1 and 2 (already redirected by the
    caller), unbuffered enough that prints and warnings keep their order, and
    move logging handlers that wrote to the old streams."""
    old = {id(sys.stdout), id(sys.stderr), id(sys.__stdout__), id(sys.__stderr__)}
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True, write_through=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", line_buffering=True, write_through=True)
    loggers = [logging.getLogger()] + [logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and id(handler.stream) in old:
                handler.setStream(sys.stderr)


SEEDED = ("numpy", "torch")


def _seed(seed: int = 0) -> None:
    """Seed random, and numpy and torch whenever they are imported: now if
    they are, else right after the snippet imports them (a fresh interpreter
    must not import them before the snippet does)."""
    random.seed(seed)
    for name in SEEDED:
        if name in sys.modules:
            _seed_module(name, sys.modules[name], seed)
    if not all(name in sys.modules for name in SEEDED):
        sys.meta_path.insert(0, _SeedOnImport(seed))


def _seed_module(name: str, module, seed: int) -> None:
    if name == "numpy":
        import numpy.random

        numpy.random.seed(seed)
    else:
        module.manual_seed(seed)


class _SeedOnImport:
    """A meta path finder that finds nothing itself: it wraps the loader of
    numpy and torch so that each is seeded once its import has finished."""

    def __init__(self, seed: int):
        self.seed = seed

    def find_spec(self, name, path, target=None):
        if name not in SEEDED:
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader, seed = spec.loader, self.seed
        run_module = loader.exec_module

        def exec_module(module):
            run_module(module)
            _seed_module(name, module, seed)

        loader.exec_module = exec_module
        return spec


def _matches(exc: BaseException, expected: str) -> bool:
    for cls in type(exc).__mro__:
        if expected in (cls.__name__, f"{cls.__module__}.{cls.__qualname__}"):
            return True
    # torch.OutOfMemoryError is defined in torch._C but exported as torch.X.
    return expected.rpartition(".")[2] == type(exc).__name__


def snippet_traceback(exc: BaseException, snippet_path: str) -> str:
    """The traceback readers see: the snippet's own frames, as `python
    name.py` prints them, each run of library frames between them folded to
    one `  ...` line, then the type and message."""
    own = os.path.abspath(snippet_path)
    frames = traceback.extract_tb(exc.__traceback__)
    # The runner's frames come before the snippet's first one.
    first = next((i for i, frame in enumerate(frames) if frame.filename == own), len(frames))
    lines = ["Traceback (most recent call last):\n"]
    for frame in frames[first:]:
        if frame.filename == own:
            lines.append(f'  File "{os.path.basename(own)}", line {frame.lineno}, in {frame.name}\n')
            if frame.line:
                lines.append(f"    {frame.line.strip()}\n")
        elif lines[-1] != "  ...\n":
            lines.append("  ...\n")
    if len(lines) == 1:  # raised before the snippet's first line ran (a syntax error)
        lines.append("  ...\n")
    return "".join(lines + traceback.format_exception_only(type(exc), exc))


def _from_snippet(tb, snippet_path: str):
    """The traceback from the snippet's first frame on (the runner's are noise)."""
    own, start = os.path.abspath(snippet_path), tb
    while start is not None and start.tb_frame.f_code.co_filename != own:
        start = start.tb_next
    return start or tb


def run(snippet_path: str, result_path: str, expected: str | None, *, fresh: bool) -> None:
    """Run the snippet as __main__, report to result_path. Never raises."""
    if not fresh:
        _fresh_streams()
        _reset_warnings()
        # As `python snippet.py` would: the snippet's folder comes first, so it
        # can import the support modules beside it (`_hub_stand_in.py`).
        sys.path.insert(0, os.path.dirname(os.path.abspath(snippet_path)))
    _seed()
    result: dict[str, object] = {"status": "ok"}
    try:
        sys.argv = [os.path.basename(snippet_path)]
        runpy.run_path(snippet_path, run_name="__main__")
        if expected:
            result = {"status": "failed", "reason": f"expected {expected} to be raised, but the snippet finished without it"}
    except SystemExit as exc:
        if exc.code not in (None, 0):
            result = {"status": "failed", "reason": f"the snippet called sys.exit({exc.code!r})"}
    except BaseException as exc:  # noqa: BLE001 - everything a snippet raises is reported
        sys.stdout.flush()
        if expected and _matches(exc, expected):
            print(snippet_traceback(exc, snippet_path), end="", file=sys.stderr)
        else:
            traceback.print_exception(type(exc), exc, _from_snippet(exc.__traceback__, snippet_path))
            reason = f"unexpected {type(exc).__module__}.{type(exc).__qualname__}"
            result = {"status": "failed", "reason": reason + (f" (expected {expected})" if expected else "")}
    try:
        import torch  # already imported by nearly every snippet

        if torch.cuda.is_initialized():
            # The CUDA build matters as much as the card: kernels and messages differ.
            gpu = f"{torch.cuda.get_device_name()}, CUDA {torch.version.cuda}"
            result["gpu"] = gpu.replace(" ", "_")
    except Exception:  # noqa: BLE001 - the GPU name is a nicety
        pass
    sys.stdout.flush()
    sys.stderr.flush()
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    path, result_file, expect = sys.argv[1:4]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    run(path, result_file, expect or None, fresh=True)
