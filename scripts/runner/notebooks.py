"""Notebook pages: a kind of unit beside snippets, run, recorded and checked
by the same runner (scripts/runner/verify.py: verdicts, cache, check and record).
This module knows what is particular to a notebook: how it is read, executed
(nbclient, in the snippets' sandbox), compared and written.

A notebook page is `docs/<page>.ipynb` (English) with its translations
`docs/<page>.zh.ipynb` and `docs/<page>.ko.ipynb` beside it. All three are one
unit for `python -m scripts.runner check|record|list`:

- The English notebook is the one source of code. A translation has the same
  cells, with the same ids, in the same order; only its Markdown cells are its
  own. Its code cells, their outputs and the recorded versions are copies that
  `record` writes, and `check` fails when any of them differs from English.
- `record` executes the English notebook top to bottom in a fresh kernel, set
  up as a snippet process is (the snippets' environment, a scratch working
  directory with its own copy of `checkpoints/`, no GPU, and a failure if files
  outside the scratch directory change while it runs), normalises
  every output with scripts/runner/compare.py, and writes code and outputs
  into every locale. Files are replaced only after the whole run succeeded, so
  a failed or interrupted run leaves the previous recording as it was.
- `check` compares the translations with English, then executes the English
  notebook and compares each code cell's output with the recorded one (floats
  within the notebook's tolerance); a difference names the notebook and cell.
- A code cell meant to fail carries the tag `raises-exception` (nbclient then
  runs on). It must fail: an untagged cell that fails and a tagged cell that
  does not are both errors. Its traceback is recorded trimmed to the cell's
  own frame and the frame that raised (cell metadata `"snippets": {"frames":
  N}` keeps the last N frames instead).
- A Markdown cell tagged `verified-with` is written by `record`: the versions
  that produced the outputs, in the cell's language.

Notebook metadata `"snippets": {"timeout": seconds per cell, "tolerance":
absolute float tolerance}` sets the options; `record` adds `"recorded"`.
Only the text form of an output (`text/plain`) is kept."""

from __future__ import annotations

import copy
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.hooks.texts import text as site_text
from scripts.pins import DEFAULT_STACK
from scripts.project import CHECKPOINTS_DIR, DOCS_DIR, REPO_ROOT, SNIPPETS_DIR, TRANSLATION_LOCALES
from scripts.runner import execute as sandbox
from scripts.runner.compare import diff, normalise, same_output
from scripts.runner.snippet import DEFAULT_TOLERANCE, DEVICE_LABELS, parse_meta

LOCALES = TRANSLATION_LOCALES
RAISES_TAG = "raises-exception"
VERIFIED_TAG = "verified-with"
DEFAULT_CELL_TIMEOUT = 120.0
DEVICE = "cpu"  # notebooks run on the CPU only (a kernel per run, no GPU tab)

if TYPE_CHECKING:
    import nbformat


def _nbformat():
    """Imported on first use: a GPU machine or the cheap CI job that only
    lists snippets may not have it, and CUDA runs never touch notebooks."""
    import nbformat
    import nbformat.v4

    return nbformat


class NotebookError(Exception):
    """A notebook that cannot be run or compared as it is."""


# ------------------------------------------------------------------ catalog


@dataclass(frozen=True)
class Notebook:
    """A notebook page in every locale: one unit, run on the CPU of the current stack."""

    path: Path  # the English notebook
    devices = (DEVICE,)
    stacks = (DEFAULT_STACK,)

    def runs(self, device: str | None = None, stack: str | None = None) -> list[tuple[str, str]]:
        """(stack, device) pairs it runs as, narrowed to a device and a stack (as Snippet.runs)."""
        return [(s, d) for s in self.stacks for d in self.devices if stack in (None, s) and device in (None, d)]

    def label(self, device: str = DEVICE) -> str:
        return f"{self.name} [{DEVICE_LABELS[device]}, {len(self.translations()) + 1} locales]"

    @property
    def name(self) -> str:
        try:
            return self.path.relative_to(REPO_ROOT).as_posix()
        except ValueError:  # a notebook outside the tree (tests)
            return self.path.name

    def translation_path(self, locale: str) -> Path:
        return self.path.with_name(f"{self.path.stem}.{locale}.ipynb")

    def translations(self) -> dict[str, Path]:
        return {locale: self.translation_path(locale) for locale in LOCALES if self.translation_path(locale).exists()}

    def read(self) -> nbformat.NotebookNode:
        return read_notebook(self.path)

    def options(self, nb: nbformat.NotebookNode) -> tuple[float, float]:
        options = nb.metadata.get("snippets", {})
        return float(options.get("timeout", DEFAULT_CELL_TIMEOUT)), float(options.get("tolerance", DEFAULT_TOLERANCE))

    def recorded_meta(self) -> dict[str, str]:
        """The versions its recording names (empty if it has none or cannot be read)."""
        try:
            return parse_meta(self.read().metadata.get("snippets", {}).get("recorded", ""))
        except NotebookError:
            return {}


def read_notebook(path: Path) -> nbformat.NotebookNode:
    try:
        text = Path(path).read_text(encoding="utf-8")
        ids = [cell.get("id") for cell in json.loads(text).get("cells", [])]
    except (OSError, ValueError, AttributeError) as error:
        raise NotebookError(f"{_rel(path)}: not a readable notebook ({error})") from None
    # Cells are matched across locales by id; nbformat would silently renumber duplicates.
    if None in ids or len(set(ids)) != len(ids):
        raise NotebookError(f"{_rel(path)}: every cell needs an id of its own (nbformat 4.5); ids are {ids}")
    try:
        return _nbformat().reads(text, as_version=4)
    except Exception as error:  # noqa: BLE001 - any invalid notebook is reported the same way
        raise NotebookError(f"{_rel(path)}: not a valid notebook ({error})") from None


def _is_translation(path: Path) -> bool:
    return any(path.name.endswith(f".{locale}.ipynb") for locale in LOCALES)


def all_notebooks(docs_dir: Path = DOCS_DIR) -> list[Notebook]:
    found = []
    for path in sorted(docs_dir.rglob("*.ipynb")):
        parts = path.relative_to(docs_dir).parts
        if any(part.startswith(".") for part in parts) or _is_translation(path):
            continue
        found.append(Notebook(path.resolve()))
    return found


def select(paths: list[str], docs_dir: Path = DOCS_DIR) -> list[Notebook]:
    """The notebook units that PATHs name: a notebook in any locale, or a folder
    holding notebooks. No PATH means every notebook."""
    if not paths:
        return all_notebooks(docs_dir)
    docs = docs_dir.resolve()
    chosen: dict[Path, Notebook] = {}
    for raw in paths:
        path = Path(raw).resolve()
        if path.is_dir():
            # Pages live under docs/ (a built site/ holds copies of them for download).
            related = path == docs or docs in path.parents or path in docs.parents
            found = [n for n in all_notebooks(docs) if path in n.path.parents] if related else all_notebooks(path)
            chosen.update((notebook.path, notebook) for notebook in found)
        elif path.suffix == ".ipynb":
            english = path
            for locale in LOCALES:
                if path.name.endswith(f".{locale}.ipynb"):
                    english = path.with_name(path.name[: -len(f".{locale}.ipynb")] + ".ipynb")
            if not english.exists():
                raise NotebookError(f"{raw}: its English notebook {_rel(english)} does not exist")
            chosen[english] = Notebook(english)
    return sorted(chosen.values(), key=lambda n: n.name)


# ------------------------------------------------------------ normalisation

# Where ipykernel compiles a cell (warnings name it): a process-specific path.
_CELL_FILE = re.compile(r"/[\w/.\-]*/ipykernel_\d+/\d+\.py")


def normalise_text(text: str, workdir: str | None) -> str:
    text = _CELL_FILE.sub("<cell>", text)
    return normalise(text, workdir=workdir)


TRACEBACK_HEADER = "Traceback (most recent call last):"


def trim_traceback(lines: list[str], frames: int = 1) -> list[str]:
    """IPython's traceback entries: a rule, `Type   Traceback (most recent
    call last)`, the frames (the cell's first), then `Type: message`. The two
    header lines become Python's one (narrow pages wrap the 75-column rule);
    the cell's frame and the last `frames` frames are kept, with a line saying
    how many were left out in between."""
    if len(lines) >= 3 and set(lines[0].strip()) == {"-"} and "Traceback (most recent call last)" in lines[1]:
        lines = [TRACEBACK_HEADER, *lines[2:]]
    if len(lines) < 3:
        return lines
    head, middle, last = lines[0], lines[1:-1], lines[-1]
    if len(middle) <= frames + 1:
        return lines
    hidden = len(middle) - 1 - frames
    note = f"[... {hidden} frame{'s' if hidden != 1 else ''} left out ...]\n"
    return [head, middle[0], note, *middle[-frames:], last]


def normalise_outputs(outputs: list, workdir: str | None, frames: int = 1) -> list:
    """Recorded form of a cell's outputs: consecutive stream chunks merged,
    text only, everything run-specific replaced as in snippet outputs."""
    merged: list = []
    for output in outputs:
        if output.output_type == "stream" and merged and merged[-1].output_type == "stream" and merged[-1].name == output.name:
            merged[-1] = _nbformat().v4.new_output("stream", name=output.name, text=merged[-1].text + output.text)
        else:
            merged.append(output)
    result = []
    for output in merged:
        if output.output_type == "stream":
            text = normalise_text(output.text, workdir)
            if text:
                result.append(_nbformat().v4.new_output("stream", name=output.name, text=text))
        elif output.output_type in ("execute_result", "display_data"):
            plain = output.get("data", {}).get("text/plain")
            if plain is None:
                continue
            data = {"text/plain": normalise_text(plain, workdir).rstrip("\n")}
            if output.output_type == "execute_result":
                result.append(_nbformat().v4.new_output("execute_result", data=data, execution_count=output.get("execution_count")))
            else:
                result.append(_nbformat().v4.new_output("display_data", data=data))
        elif output.output_type == "error":
            # IPython ends each frame with a newline (a blank line between frames) but not the header lines.
            traceback = [normalise_text(entry, workdir).rstrip("\n") + "\n" * entry.endswith("\n") for entry in output.traceback]
            result.append(
                _nbformat().v4.new_output(
                    "error",
                    ename=output.ename,
                    evalue=normalise_text(output.evalue, workdir).rstrip("\n"),
                    traceback=trim_traceback(traceback, frames),
                )
            )
    return result


def output_text(outputs: list) -> str:
    """What a reader sees under a cell, as one text, for comparing."""
    parts = []
    for output in outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", "") + "\n")
        elif output.output_type == "error":
            parts.append("\n".join(output.traceback) + "\n")
    return "".join(parts)


def _frames(cell) -> int:
    return int(cell.metadata.get("snippets", {}).get("frames", 1))


def _tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def _label(notebook_name: str, index: int, cell) -> str:
    count = f", In [{cell.execution_count}]" if cell.get("execution_count") else ""
    return f"{notebook_name} cell {index} (id {cell.id}{count})"


# ---------------------------------------------------------------- execution


def _kernel_manager():
    """A kernel of this very interpreter, whatever kernelspecs are installed."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    class ThisInterpreter(KernelSpecManager):
        def get_kernel_spec(self, kernel_name, *args, **kwargs):
            argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
            return KernelSpec(argv=argv, display_name="Python 3", language="python", resource_dir="")

    return KernelManager(kernel_name="python3", kernel_spec_manager=ThisInterpreter())


def watched_roots(notebook: Notebook) -> list[tuple[str, bool]]:
    """The protected folders of the snippets' sandbox (execute.protected_roots)
    that a notebook run is watched on: the checkpoints, the repository's top
    level and the notebook's own folder, not every page and snippet. A run
    lasts a minute, long enough for someone to edit other pages or record
    snippets meanwhile; blaming the notebook for that would fail its check
    for no fault of its own."""
    roots = []
    for root, deep in sandbox.protected_roots([(notebook, DEVICE)]):
        if not deep:
            roots.append((root, deep))
        elif root == str(SNIPPETS_DIR):
            roots.append((str(CHECKPOINTS_DIR), True))
    return roots


def run(notebook: Notebook, device: str = DEVICE, stack: str = DEFAULT_STACK) -> sandbox.Outcome:
    """One run of the notebook as the runner sees it: status `ok` with the
    executed notebook (JSON) as its output, or `failed` with the reason."""
    if (outcome := sandbox.not_runnable_here(notebook, device, stack)) is not None:
        return outcome
    started = time.monotonic()
    try:
        fresh, seconds = execute(notebook)
    except NotebookError as error:
        return sandbox.Outcome(notebook, device, "failed", reason=str(error), seconds=time.monotonic() - started, stack=stack)
    return sandbox.Outcome(notebook, device, "ok", output=_dumps(fresh), seconds=seconds, stack=stack)


def execute(notebook: Notebook) -> tuple[nbformat.NotebookNode, float]:
    """Run the English notebook in the snippets' sandbox; returns it with
    normalised outputs and the seconds it took. Raises NotebookError naming
    the cell that went wrong, or the files it changed outside its scratch
    directory."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = notebook.read()
    cell_timeout, _ = notebook.options(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    run_dir = tempfile.mkdtemp(prefix="notebook-run-")
    workdir, kernel_log, _ = sandbox.prepare_scratch(run_dir, prefix="notebook-")
    env = {**sandbox.snippet_environment(), "PYTHONUNBUFFERED": "1", **sandbox.device_environment(DEVICE)}
    protected = sandbox.ProtectedFiles(watched_roots(notebook))
    client = NotebookClient(
        nb,
        km=_kernel_manager(),
        timeout=int(cell_timeout),
        startup_timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": workdir}},
    )
    started = time.monotonic()
    try:
        with open(kernel_log, "wb") as log:
            try:
                client.execute(env=env, stdout=log, stderr=log)
            except CellExecutionError:
                index, cell = next(
                    ((i, c) for i, c in enumerate(nb.cells) if _has_error(c) and RAISES_TAG not in _tags(c)),
                    (None, None),
                )
                if cell is None:
                    raise NotebookError(f"{notebook.name}: a cell failed") from None
                shown = output_text(normalise_outputs(cell.outputs, workdir, _frames(cell)))
                raise NotebookError(
                    f"{_label(notebook.name, index, cell)} raised an exception it is not tagged for "
                    f"(tag it '{RAISES_TAG}' if the error is the lesson)\n{_indent(shown)}"
                ) from None
            except CellTimeoutError:
                index = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.execution_count is None), "?")
                raise NotebookError(f"{notebook.name} cell {index}: killed after {cell_timeout:g} s (timeout)") from None
            except DeadKernelError as error:
                tail = Path(kernel_log).read_text(encoding="utf-8", errors="replace")[-2000:]
                raise NotebookError(f"{notebook.name}: the kernel died ({error})\n{_indent(tail)}") from None
        seconds = time.monotonic() - started
        if changed := protected.changed():
            raise NotebookError(f"{notebook.name}: files outside its scratch directory changed while it ran: " + ", ".join(sorted(changed)))
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if RAISES_TAG in _tags(cell) and not _has_error(cell):
                raise NotebookError(f"{_label(notebook.name, index, cell)} is tagged '{RAISES_TAG}' but finished without an exception")
            cell.outputs = normalise_outputs(cell.outputs, workdir, _frames(cell))
        return nb, seconds
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _has_error(cell) -> bool:
    return cell.cell_type == "code" and any(o.output_type == "error" for o in cell.get("outputs", []))


# --------------------------------------------------------------- comparison


def structure_problems(notebook: Notebook, english: nbformat.NotebookNode | None = None) -> list[str]:
    """How each translation differs from the English notebook in what it must
    share: cells (ids, kinds, order), code, outputs, recorded versions."""
    english = english or notebook.read()
    problems = []
    fix = f"run `python -m scripts.runner record {notebook.name}` to copy the English code and outputs"
    for path in notebook.translations().values():
        name = _rel(path)
        try:
            translated = read_notebook(path)
        except NotebookError as error:
            problems.append(str(error))
            continue
        shape = [(c.id, c.cell_type) for c in english.cells]
        translated_shape = [(c.id, c.cell_type) for c in translated.cells]
        if shape != translated_shape:
            problems.append(
                f"{name}: its cells differ from the English notebook's (a translation keeps every cell, with its id, in the same order)\n"
                + _indent(diff("\n".join(f"{i} {t}" for i, t in shape), "\n".join(f"{i} {t}" for i, t in translated_shape), name))
            )
            continue
        for index, (source, copy_) in enumerate(zip(english.cells, translated.cells, strict=True)):
            if source.cell_type != "code":
                continue
            label = _label(name, index, copy_)
            if copy_.source != source.source or _tags(copy_) != _tags(source):
                code_diff = diff(source.source, copy_.source, label) or f"tags {_tags(source)} in English, {_tags(copy_)} here"
                problems.append(f"{label}: code differs from the English notebook; {fix}\n" + _indent(code_diff))
            elif output_text(copy_.outputs) != output_text(source.outputs):
                problems.append(
                    f"{label}: outputs differ from the English notebook's; {fix}\n"
                    + _indent(diff(output_text(source.outputs), output_text(copy_.outputs), label))
                )
        if translated.metadata.get("snippets", {}).get("recorded") != english.metadata.get("snippets", {}).get("recorded"):
            problems.append(f"{name}: recorded versions differ from the English notebook's; {fix}")
    return problems + verified_line_problems(notebook, english)


def verified_line_problems(notebook: Notebook, english: nbformat.NotebookNode) -> list[str]:
    """A `verified-with` cell must say what the recorded versions are, in its language."""
    recorded = english.metadata.get("snippets", {}).get("recorded", "")
    meta = parse_meta(recorded)
    problems = []
    for locale, path in {"en": notebook.path, **notebook.translations()}.items():
        nb = english if locale == "en" else read_notebook(path)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown" and VERIFIED_TAG in _tags(cell) and meta and cell.source != verified_line(meta, locale):
                problems.append(
                    f"{_label(_rel(path), index, cell)}: does not state the recorded versions; "
                    f"run `python -m scripts.runner record {notebook.name}`"
                )
    return problems


def output_problems(notebook: Notebook, recorded: nbformat.NotebookNode, fresh: nbformat.NotebookNode) -> list[str]:
    """Each code cell whose fresh output differs from the recorded one."""
    _, tolerance = notebook.options(recorded)
    if "recorded" not in recorded.metadata.get("snippets", {}):
        return [f"{notebook.name}: no recorded outputs; run `python -m scripts.runner record {notebook.name}`"]
    meta = parse_meta(recorded.metadata["snippets"]["recorded"])
    problems = []
    for index, (old, new) in enumerate(zip(recorded.cells, fresh.cells, strict=True)):
        if old.cell_type != "code":
            continue
        expected, actual = output_text(old.outputs), output_text(new.outputs)
        if not same_output(expected, actual, tolerance, recorded_meta=meta):
            label = _label(notebook.name, index, new)
            problems.append(f"{label}: output differs from the recording\n" + _indent(diff(expected, actual, label)))
    if problems:
        problems.append(f"If the change is intended: python -m scripts.runner record {notebook.name}")
    return problems


# ---------------------------------------------------------------- recording


def recorded_files(notebook: Notebook, fresh: nbformat.NotebookNode) -> dict[Path, str]:
    """What `record` writes after a successful run: the English code and the
    fresh outputs in every locale's notebook. NotebookError when a
    translation's cells no longer match English (then nothing is written)."""
    english = notebook.read()
    meta = sandbox.versions(DEVICE)
    written = {notebook.path: _dumps(_recorded(english, fresh, english, meta, "en"))}
    for locale, path in notebook.translations().items():
        translated = read_notebook(path)
        if [(c.id, c.cell_type) for c in translated.cells] != [(c.id, c.cell_type) for c in english.cells]:
            problems = structure_problems(notebook, english)
            raise NotebookError("\n".join(problems) + "\n(nothing written)")
        written[path] = _dumps(_recorded(translated, fresh, english, meta, locale))
    return written


def reads(text: str) -> nbformat.NotebookNode:
    """An executed notebook, as run() puts it in its outcome."""
    return _nbformat().reads(text, as_version=4)


def _recorded(target, fresh, english, meta: dict[str, str], locale: str):
    """`target` (a locale's notebook) with the English code and the fresh outputs."""
    result = copy.deepcopy(target)
    for cell, ran, source in zip(result.cells, fresh.cells, english.cells, strict=True):
        if cell.cell_type == "code":
            cell.source = source.source
            cell.metadata = copy.deepcopy(source.metadata)
            cell.outputs = copy.deepcopy(ran.outputs)
            cell.execution_count = ran.execution_count
        elif VERIFIED_TAG in _tags(cell):
            cell.source = verified_line(meta, locale)
    result.metadata.setdefault("snippets", {})["recorded"] = " ".join(f"{key}={value}" for key, value in meta.items())
    result.metadata.pop("widgets", None)
    return result


def verified_line(meta: dict[str, str], locale: str) -> str:
    shown = ", ".join(f"{lib} {meta.get(lib, '?')}" for lib in ("transformers", "peft", "torch"))
    return "*" + site_text("verified", locale, device=DEVICE_LABELS[DEVICE], versions=shown) + "*"


def _dumps(nb) -> str:
    return _nbformat().writes(nb, version=4).rstrip("\n") + "\n"


def list_lines(notebooks: list[Notebook]) -> list[str]:
    lines = []
    for notebook in notebooks:
        locales = ", ".join(["en", *notebook.translations()])
        lines.append(f"{notebook.name}  [{DEVICE_LABELS[DEVICE]}]  notebook page ({locales})")
    return lines


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def _rel(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)
