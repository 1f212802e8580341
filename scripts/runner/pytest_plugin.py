"""pytest collects snippets and notebook pages as test items, in the manner of
nbval: every run of a unit (a snippet on a device and a stack, a notebook
page) is one item, whose result is the runner's verdict.

A test module says which units it holds by declaring them at its top level:

    from scripts.runner.pytest_plugin import Units
    snippet_runs = Units("snippets")      # or Units("notebooks")

and the plugin (registered by tests/conftest.py's `pytest_plugins`) collects
one item per run, named as the runner names it:
`tests/test_snippets.py::errors/x.py[cpu]`, `...::errors/x.py[v4-cpu]`,
`...::faq/y.py[cuda]`, `tests/test_notebooks.py::docs/training/debugging-pipeline.ipynb[cpu]`.
CUDA runs are marked `gpu`, runs on another stack than the current one with
the stack's name (`v4`), so `-m "not gpu and not v4"` and `-k faq` select as
usual. A snippet whose options cannot be read is an item that fails with the
error, naming file and line.

Running: the warm fork worker stays the backend. The first item of a
declaration to run starts one batch with every selected item of that
declaration (after -k, -m and pytest-split have chosen), in their order; each
item then waits for its own verdict and reports it. So pytest's own timing
of an item is the time its result took to arrive, which is what
`--store-durations` records for pytest-split.

Options: `--record` rewrites the recordings instead of comparing them (the
same code as `python -m scripts.runner record`); `--force-run` also runs the
units unchanged since their last verified run (`check --force`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.pins import DEFAULT_STACK, STACKS
from scripts.runner import notebooks, verify
from scripts.runner.snippet import Snippet, SnippetError, all_snippet_paths, load_snippet

KINDS = ("snippets", "notebooks")


class Units:
    """A test module's declaration of the units it holds: every snippet, or every notebook page."""

    def __init__(self, kind: str):
        if kind not in KINDS:
            raise ValueError(f"unknown kind of unit {kind!r}; one of {', '.join(KINDS)}")
        self.kind = kind

    def jobs(self) -> tuple[list[tuple], list[SnippetError]]:
        """(unit, device, stack) for every declared run, and the snippets that cannot be read."""
        if self.kind == "notebooks":
            units, errors = notebooks.all_notebooks(), []
        else:
            units, errors = [], []
            for path in all_snippet_paths():
                try:
                    units.append(load_snippet(path))
                except SnippetError as error:
                    errors.append(error)
        return [(unit, device, stack) for unit in units for stack, device in unit.runs()], errors


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("snippets", "snippets and notebook pages (scripts/runner)")
    group.addoption(
        "--record", action="store_true", help="rewrite their recordings instead of comparing (`python -m scripts.runner record`)"
    )
    group.addoption("--force-run", action="store_true", help="also run those unchanged since their last verified run (as `check --force`)")


def pytest_configure(config: pytest.Config) -> None:
    """The markers its items carry, where the project's configuration does not declare them already."""
    declared = {line.split(":", 1)[0].strip() for line in config.getini("markers")}
    markers = {"gpu": "needs a CUDA GPU"}
    markers.update({stack: f"runs in the {stack} stack ({STACKS[stack].venv})" for stack in STACKS if stack != DEFAULT_STACK})
    for name, meaning in markers.items():
        if name not in declared:
            config.addinivalue_line("markers", f"{name}: {meaning}")


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object):
    if not isinstance(obj, Units):
        return None
    jobs, errors = obj.jobs()
    items: list[pytest.Item] = [UnreadableUnit.from_parent(collector, name=Snippet(error.path).name, error=error) for error in errors]
    for unit, device, stack in jobs:
        items.append(UnitRun.from_parent(collector, name=verify.run_id(unit, device, stack), declaration=obj, job=(unit, device, stack)))
    return items


class UnitFailed(Exception):
    """A run's verdict was `failed`; its message is the report."""


class UnitRun(pytest.Item):
    """One run of a unit; its result is the runner's verdict."""

    def __init__(self, *, declaration: Units, job: tuple, **kwargs):
        super().__init__(**kwargs)
        self.declaration, self.job = declaration, job
        unit, device, stack = job
        if device == "cuda":
            self.add_marker(pytest.mark.gpu)
        if stack != DEFAULT_STACK:
            self.add_marker(getattr(pytest.mark, stack))

    def runtest(self) -> None:
        verdict = _batch(self).verdict(self.name)
        self.seconds = verdict.seconds
        if verdict.status == "skipped":
            pytest.skip(verdict.message)
        if verdict.status == "failed":
            raise UnitFailed(verdict.message)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, UnitFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.job[0].path, 0, verify.label(*self.job)


class UnreadableUnit(pytest.Item):
    """A snippet whose options cannot be read: it fails with the error."""

    def __init__(self, *, error: SnippetError, **kwargs):
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise UnitFailed(str(self.error))

    def repr_failure(self, excinfo, style=None):
        return str(excinfo.value) if isinstance(excinfo.value, UnitFailed) else super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.error.path, self.error.line - 1, self.name


class Batch:
    """The runs of one declaration's selected items, started together; each
    item takes its own verdict from it."""

    def __init__(self, items: list[UnitRun], config: pytest.Config):
        verb = "record" if config.getoption("record") else "check"
        self.running = verify.verdicts(verb, [item.job for item in items], force=config.getoption("force_run"))
        self.done: dict[str, verify.Verdict] = {}

    def verdict(self, run_id: str) -> verify.Verdict:
        while run_id not in self.done:
            try:
                found = next(self.running)
            except StopIteration:
                raise RuntimeError(f"the runner gave no verdict for {run_id}") from None
            self.done[found.run_id] = found
        return self.done[run_id]

    def close(self) -> None:
        self.running.close()


_BATCHES = pytest.StashKey[dict[int, Batch]]()


def _batch(item: UnitRun) -> Batch:
    batches = item.session.stash.setdefault(_BATCHES, {})
    key = id(item.declaration)
    if key not in batches:
        selected = [other for other in item.session.items if isinstance(other, UnitRun) and other.declaration is item.declaration]
        batches[key] = Batch(selected, item.config)
    return batches[key]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    """A run's duration is its own run time, not how long pytest waited for
    its verdict: the first item of a batch waits while the whole batch runs,
    and durations (`make durations`) balance the CI shards."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and isinstance(item, UnitRun) and getattr(item, "seconds", None):
        report.duration = item.seconds


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop what is still running (an early stop: -x, a keyboard interrupt)."""
    for batch in session.stash.get(_BATCHES, {}).values():
        batch.close()
