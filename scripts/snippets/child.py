"""Runs one snippet inside the current process and writes what happened to a
JSON file. Used in a fork of the warm worker and, for snippets that need a
fresh interpreter, as `python -m scripts.snippets.child SNIPPET RESULT EXPECT`.

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


def _seed(seed: int = 0) -> None:
    random.seed(seed)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(seed)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)


def _matches(exc: BaseException, expected: str) -> bool:
    for cls in type(exc).__mro__:
        if expected in (cls.__name__, f"{cls.__module__}.{cls.__qualname__}"):
            return True
    # torch.OutOfMemoryError is defined in torch._C but exported as torch.X.
    return expected.rpartition(".")[2] == type(exc).__name__


def run(snippet_path: str, result_path: str, expected: str | None, *, fresh: bool) -> None:
    """Run the snippet as __main__, report to result_path. Never raises."""
    if not fresh:
        _fresh_streams()
        _reset_warnings()
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
            # What readers see at the bottom of a traceback: the type and message.
            tail = "".join(traceback.format_exception_only(type(exc), exc))
            print("Traceback (most recent call last):\n  ...\n" + tail, end="", file=sys.stderr)
        else:
            traceback.print_exc()
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
