"""Running snippets: each in its own process, started by forking a warm worker
that has already imported torch, transformers and peft (about 4.5 s per
process otherwise), several at a time.

Isolation: every snippet gets its own process, working directory, seeds and
output file, in a defined environment (not the caller's). A hang is killed at
its timeout, a flood of output is cut, a crash (segfault, abort, sys.exit)
ends only its own process. Processes a snippet starts end with it, even those
that leave its process group; an interrupted run stops every snippet and
removes every scratch directory. The shipped checkpoints are copied into
each scratch directory, and a snippet that changes files of the repository
fails, naming them.

The pieces of that sandbox (the environment, the scratch directory, the
watch on protected files) are public: a notebook page runs in the same one
(scripts/runner/notebooks.py)."""

from __future__ import annotations

import ctypes
import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from scripts.pins import DEFAULT_STACK, DOCUMENTED, STACKS, in_ci, installed_versions, missing_reason
from scripts.project import CHECKPOINTS_DIR, DOCS_DIR, REPO_ROOT, SNIPPETS_DIR
from scripts.runner import child
from scripts.runner.compare import normalise
from scripts.runner.snippet import Snippet

MAX_OUTPUT_BYTES = 256 * 1024
# A snippet may write files (checkpoints, logs) but not fill the disk.
MAX_FILE_BYTES = 512 * 1024 * 1024
WARM_IMPORTS = ("torch", "transformers", "peft")


@dataclass
class Outcome:
    """What one run of a unit (a snippet, or a notebook page) did."""

    unit: Any  # a Snippet, or a notebooks.Notebook
    device: str
    status: str  # ok | failed | timeout | too-much-output | crashed | skipped
    output: str = ""  # what it printed; for a notebook, the executed notebook (JSON)
    reason: str = ""
    seconds: float = 0.0
    gpu: str | None = None
    stack: str = DEFAULT_STACK

    @property
    def passed_run(self) -> bool:
        return self.status == "ok"


@cache
def cuda_available() -> bool:
    """Asked in a separate interpreter: initialising CUDA in the warm worker
    would break CUDA in every forked child."""
    if not (shutil.which("nvidia-smi") or Path("/dev/nvidia0").exists()):
        return False
    probe = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.cuda.is_available())"],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.stdout.strip() == "True"


def versions(device: str, gpu: str | None = None, stack: str = DEFAULT_STACK) -> dict[str, str]:
    """A recording's header: the device, the stack (unless it is the current
    one) and the documented libraries' versions in that stack."""
    meta = {"device": device}
    if stack != DEFAULT_STACK:
        meta["stack"] = stack
    have = installed_versions(stack)
    for name in DOCUMENTED:
        meta[name] = have.get(name) or "missing"
    if gpu:
        meta["gpu"] = gpu
    return meta


def warm_up() -> None:
    """Import the heavy libraries once, in this process, before forking."""
    for name in WARM_IMPORTS:
        __import__(name)


class _Running:
    def __init__(
        self, snippet: Snippet, device: str, pid: int, workdir: str, output_file: str, result_file: str, popen: subprocess.Popen | None
    ):
        self.snippet, self.device, self.pid, self.popen = snippet, device, pid, popen
        self.workdir, self.output_file, self.result_file = workdir, output_file, result_file
        self.started = time.monotonic()
        self.changed: set[str] = set()  # protected files changed while it ran


# Set for every snippet, so recorded output is the same from run to run:
# a fixed hash seed keeps the order of sets and dict-built reports stable,
# and download progress bars would only add noise. No bytecode is written
# beside the support modules snippets import from snippets/.
SNIPPET_ENV = {
    "PYTHONHASHSEED": "0",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "PYTHONDONTWRITEBYTECODE": "1",
}
# What snippets see of the caller's environment: where programs, the home
# folder, the locale and the CUDA libraries are. Everything else (HF_*,
# TRANSFORMERS_*, TORCH_*, PYTHONWARNINGS, proxies, ...) would change what the
# libraries print, so it is left out.
KEPT_VARIABLES = ("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "LD_LIBRARY_PATH", "CUDA_HOME")
# Which GPU a shared machine lends is the machine's business; a CPU run hides
# them all (device_environment).
KEPT_VARIABLES += ("CUDA_VISIBLE_DEVICES",)


def snippet_environment(caller: dict[str, str] | None = None) -> dict[str, str]:
    """The environment snippets and their warm worker start with."""
    caller = os.environ if caller is None else caller
    kept = {name: value for name, value in caller.items() if name in KEPT_VARIABLES or name.startswith("LC_")}
    return {**kept, **SNIPPET_ENV, "PYTHONPATH": python_path()}


def job_parts(job: tuple) -> tuple[Any, str, str]:
    """(unit, device, stack) of a job, which may leave out its stack (the current one)."""
    unit, device, *rest = job
    return unit, device, rest[0] if rest else DEFAULT_STACK


def not_runnable_here(unit, device: str, stack: str) -> Outcome | None:
    """The outcome of a run this machine cannot make: its stack is not
    installed (skipped, failed in CI), or it needs a GPU there is not."""
    if (missing := missing_reason(stack)) is not None:
        status = "failed" if in_ci() else "skipped"
        return Outcome(unit, device, status, reason=missing + (" (required in CI)" if in_ci() else ""), stack=stack)
    if device == "cuda" and not cuda_available():
        return Outcome(unit, device, "skipped", reason="needs a CUDA GPU; none on this machine", stack=stack)
    return None


def outcomes(jobs: list[tuple], parallel: int | None = None, writes: tuple[Path, ...] = ()) -> Iterator[Outcome]:
    """Run every (snippet, device[, stack]) job, yielding each outcome as it
    arrives; CUDA jobs are skipped without a GPU, and a stack's jobs when its
    environment is missing (failed in CI). Each stack's runs happen in a warm
    worker process of that stack's interpreter, started with
    snippet_environment(). Closing the iterator early stops the runs.
    `writes`: protected files the caller itself writes during the run (recordings)."""
    pending: dict[str, list[tuple[Snippet, str]]] = {}
    for job in jobs:
        snippet, device, stack = job_parts(job)
        if (outcome := not_runnable_here(snippet, device, stack)) is not None:
            yield outcome
        else:
            pending.setdefault(stack, []).append((snippet, device))
    for stack, stack_jobs in pending.items():
        yield from _in_worker(stack_jobs, parallel or os.cpu_count() or 1, writes, stack)


def run_all(jobs: list[tuple], parallel: int | None = None, on_done=None, writes: tuple[Path, ...] = ()) -> list[Outcome]:
    """Every outcome of outcomes(), calling on_done with each as it arrives."""
    done = []
    for outcome in outcomes(jobs, parallel, writes):
        done.append(outcome)
        if on_done:
            on_done(outcome)
    return done


def protected_roots(jobs: list[tuple]) -> list[tuple[str, bool]]:
    """(folder, with subfolders) whose files no snippet or notebook may
    change: the snippets, checkpoints and pages, the repository's top level,
    and the folder of each unit that runs (which may lie outside the repository)."""
    roots = [(str(SNIPPETS_DIR), True), (str(CHECKPOINTS_DIR), True), (str(DOCS_DIR), True), (str(REPO_ROOT), False)]
    roots = [(root, deep) for root, deep in roots if root == str(SNIPPETS_DIR) or not root.startswith(str(SNIPPETS_DIR) + os.sep)]
    return roots + sorted({(str(unit.path.parent), False) for unit, *_ in jobs} - set(roots))


def _in_worker(jobs: list[tuple[Snippet, str]], parallel: int, writes: tuple[Path, ...], stack: str = DEFAULT_STACK) -> Iterator[Outcome]:
    by_key = {(str(s.path), d): s for s, d in jobs}
    run_dir = tempfile.mkdtemp(prefix="snippet-run-")
    _libc()
    request = json.dumps(
        {
            "parallel": parallel,
            "jobs": [[str(s.path), d] for s, d in jobs],
            "run_dir": run_dir,
            "checkpoints": str(CHECKPOINTS_DIR),
            "protected": protected_roots(jobs),
            "writes": [str(path) for path in writes],
            "stack": stack,
        }
    )
    # The stack's own interpreter: the worker imports only the standard
    # library, scripts/runner' runner modules and the stack's libraries.
    worker = subprocess.Popen(
        [str(STACKS[stack].python), "-m", "scripts.runner.execute"],
        cwd=REPO_ROOT,
        env=snippet_environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        # Killed or interrupted, this process takes the worker with it.
        preexec_fn=lambda: _die_with_parent(signal.SIGTERM),
    )
    try:
        worker.stdin.write(request)
        worker.stdin.close()
        for line in worker.stdout:
            if not line.startswith(_RESULT):
                continue
            data = json.loads(line[len(_RESULT) :])
            snippet = by_key.pop((data.pop("path"), data["device"]))
            yield Outcome(snippet, **data, stack=stack)
    finally:
        _stop(worker)
        shutil.rmtree(run_dir, ignore_errors=True)
    if by_key and worker.returncode in (INTERRUPTED, -signal.SIGINT):
        # Ctrl-C reached the worker (it stopped its snippets and says so):
        # the run was interrupted, whether or not this process saw the signal.
        raise KeyboardInterrupt
    for (_, device), snippet in by_key.items():  # the worker itself died
        yield Outcome(snippet, device, "crashed", reason=f"the snippet worker exited with status {worker.returncode}", stack=stack)


def _stop(worker: subprocess.Popen) -> None:
    """Let the worker stop its snippets and clean up; kill it if it does not."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
    worker.wait()


_RESULT = "@@snippet-outcome "
# The exit status of a run Ctrl-C stopped, as shells report it (128 + the
# signal): the worker's and the command line's.
INTERRUPTED = 128 + signal.SIGINT


def _serve() -> None:
    """The warm worker: import the heavy libraries once, then fork a child
    per snippet, `parallel` at a time, reporting each outcome on stdout."""
    from scripts.runner.snippet import SnippetError, load_snippet

    request = json.load(sys.stdin)
    parallel, stack = request["parallel"], request.get("stack", DEFAULT_STACK)
    worker = _Worker(request["run_dir"], request["checkpoints"], [tuple(root) for root in request["protected"]], set(request["writes"]))
    # Interrupted or told to stop: end every snippet and remove its scratch directory.
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _raise_exit)
    _become_subreaper()
    try:
        jobs = []
        for path, device in request["jobs"]:
            try:
                jobs.append((load_snippet(Path(path)), device))
            except SnippetError as error:  # changed since the caller read it
                worker.report(Outcome(Snippet(Path(path)), device, "failed", reason=str(error)))
        if any(s.isolation == "fork" for s, _ in jobs):
            warm_up()
        threads = max(1, (os.cpu_count() or 1) // parallel)
        pending = list(reversed(jobs))
        while pending or worker.running:
            while pending and len(worker.running) < parallel:
                worker.start(*pending.pop(), threads=threads, stack=stack)
            time.sleep(0.01)
            worker.poll_all()
    finally:
        worker.stop_all()


def _raise_exit(signum, frame) -> None:
    # Ignore the next ones at once: Ctrl-C reaches the worker and its caller,
    # whose SIGTERM follows within microseconds and must not cut short the
    # cleanup the first signal starts.
    for other in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(other, signal.SIG_IGN)
    raise SystemExit(128 + signum)


class _Worker:
    """The snippets running now, and what they may not touch."""

    def __init__(self, run_dir: str, checkpoints: str, protected: list[tuple[str, bool]], writes: set[str]):
        self.run_dir, self.checkpoints, self.protected, self.writes = run_dir, checkpoints, protected, writes
        self.running: list[_Running] = []
        self.files = ProtectedFiles(protected, writes)

    def start(self, snippet: Snippet, device: str, threads: int, stack: str = DEFAULT_STACK) -> None:
        self._check_files()
        self.running.append(_start(snippet, device, threads, self.run_dir, self.checkpoints, stack))

    def poll_all(self) -> None:
        for job in list(self.running):
            outcome = _poll(job)
            if outcome is None:
                continue
            strays = _end_strays(job, {other.pid for other in self.running if other is not job})
            self._check_files()
            self.running.remove(job)
            if strays:
                outcome = _failed(outcome, "it left processes running after it ended (killed now): " + "; ".join(strays))
            if job.changed:
                outcome = _failed(outcome, "files outside its scratch directory changed while it ran: " + ", ".join(sorted(job.changed)))
            self.report(outcome)

    def _check_files(self) -> None:
        """Blame a change to a protected file on every snippet running when
        it is seen (at each start and end, so usually the one that did it)."""
        changed = self.files.changed()
        for job in self.running:
            job.changed |= changed

    def report(self, outcome: Outcome) -> None:
        data = {
            "path": str(outcome.unit.path),
            "device": outcome.device,
            "status": outcome.status,
            "output": outcome.output,
            "reason": outcome.reason,
            "seconds": outcome.seconds,
            "gpu": outcome.gpu,
        }
        sys.stdout.write(_RESULT + json.dumps(data) + "\n")
        sys.stdout.flush()

    def stop_all(self) -> None:
        # No more signals: cleaning up must not be interrupted halfway.
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        for job in self.running:
            _kill(job)
        _end_strays(None, set())
        shutil.rmtree(self.run_dir, ignore_errors=True)


def _failed(outcome: Outcome, reason: str) -> Outcome:
    outcome.reason = f"{outcome.reason}; {reason}" if outcome.status != "ok" and outcome.reason else reason
    outcome.status = "failed"
    return outcome


def prepare_scratch(run_dir: str, checkpoints: str = str(CHECKPOINTS_DIR), prefix: str = "snippet-") -> tuple[str, str, str]:
    """A unit's scratch directory under run_dir: (its working directory, in
    which `checkpoints/` is a copy of the shipped ones, the file its output
    goes to, the file its result goes to)."""
    scratch = tempfile.mkdtemp(prefix=prefix, dir=run_dir)
    workdir = os.path.join(scratch, "work")
    os.mkdir(workdir)
    # A copy (under a megabyte): a snippet may write into it, never into the
    # shipped files every later snippet loads.
    shutil.copytree(checkpoints, os.path.join(workdir, "checkpoints"), symlinks=True)
    return workdir, os.path.join(scratch, "output.txt"), os.path.join(scratch, "result.json")


# Folders the file check does not look into: caches and build output that
# tools write while snippets run.
_UNWATCHED = {"__pycache__", ".git", ".cache", ".venv", "site", "node_modules", ".pytest_cache", ".ruff_cache"}


def _caller_writes(path: str, writes: set[str]) -> bool:
    """A file the caller writes, or its temporary `.<name>.<random>.tmp`
    (scripts.project.write_atomically)."""
    folder, name = os.path.split(path)
    if name.startswith(".") and name.endswith(".tmp"):
        name = name[1:-4].rsplit(".", 1)[0]
    return os.path.join(folder, name) in writes


def _snapshot(roots: list[tuple[str, bool]], skip: set[str]) -> dict[str, tuple[int, int, int, int]]:
    """Size, times and inode of every file under the roots but those in
    skip: a write changes the change time, which no snippet can set back."""
    found = {}
    for root, deep in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _UNWATCHED) if deep else []
            for name in files:
                path = os.path.join(folder, name)
                if _caller_writes(path, skip):
                    continue
                try:
                    st = os.lstat(path)
                except OSError:
                    continue
                found[path] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    return found


class ProtectedFiles:
    """The files under protected roots (protected_roots()), but those the
    caller writes itself; changed() says which changed since it last looked."""

    def __init__(self, roots: list[tuple[str, bool]], writes: set[str] | tuple = ()):
        self.roots, self.writes = roots, {str(path) for path in writes}
        self.files = _snapshot(self.roots, self.writes)

    def changed(self) -> set[str]:
        now = _snapshot(self.roots, self.writes)
        changed = {path for path in self.files.keys() | now.keys() if self.files.get(path) != now.get(path)}
        self.files = now
        return changed


def device_environment(device: str) -> dict[str, str]:
    # A CPU run must not see a GPU even on a GPU machine: "cuda if available
    # else cpu" in a snippet then picks the CPU.
    return {"CUDA_VISIBLE_DEVICES": ""} if device == "cpu" else {}


def python_path() -> str:
    """The repo first, then whatever the caller had (a --target install of the
    pinned packages, say): replacing it would import other versions."""
    return os.pathsep.join(p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p)


def _start(snippet: Snippet, device: str, threads: int, run_dir: str, checkpoints: str, stack: str = DEFAULT_STACK) -> _Running:
    workdir, output_file, result_file = prepare_scratch(run_dir, checkpoints)
    env = {**device_environment(device), **snippet.env}
    if snippet.isolation == "process":
        full_env = {**os.environ, "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": str(threads), **env}
        with open(output_file, "wb") as out:
            popen = subprocess.Popen(
                [sys.executable, "-m", "scripts.runner.child", str(snippet.path), result_file, snippet.expected(device, stack) or ""],
                cwd=workdir,
                env=full_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_snippet_process_setup,
            )
        return _Running(snippet, device, popen.pid, workdir, output_file, result_file, popen)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                signal.signal(signum, signal.SIG_DFL)
            os.setsid()
            _snippet_process_setup()
            fd = os.open(output_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.chdir(workdir)
            os.environ.update(env)
            # A crash report goes into the snippet's output, not the parent's terminal.
            faulthandler.enable(file=2)
            import torch

            torch.set_num_threads(threads)
            child.run(str(snippet.path), result_file, snippet.expected(device, stack), fresh=False)
        finally:
            os._exit(0)
    return _Running(snippet, device, pid, workdir, output_file, result_file, None)


def _snippet_process_setup() -> None:
    """In a snippet's process before it runs: die with the worker, collect
    the orphans of what it starts (so they can be found and ended), and do
    not fill the disk."""
    _die_with_parent(signal.SIGKILL)
    _become_subreaper()
    _limit_files()


_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36


@cache
def _libc():
    """Loaded before forking: loading a library in a child of a process with
    threads can deadlock."""
    return ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def _prctl(option: int, value: int) -> None:
    if _libc() is not None:
        _libc().prctl(option, value, 0, 0, 0)


def _die_with_parent(signum: int) -> None:
    parent = os.getppid()
    _prctl(_PR_SET_PDEATHSIG, signum)
    if os.getppid() != parent:  # the parent died before the line above
        os.kill(os.getpid(), signum)


def _become_subreaper() -> None:
    _prctl(_PR_SET_CHILD_SUBREAPER, 1)


def _limit_files() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))


def _poll(job: _Running) -> Outcome | None:
    elapsed = time.monotonic() - job.started
    size = os.path.getsize(job.output_file) if os.path.exists(job.output_file) else 0
    status = _wait(job)
    if status is None:
        if elapsed > job.snippet.timeout:
            _kill(job)
            return _finish(job, "timeout", f"killed after {job.snippet.timeout:g} s (timeout)", elapsed)
        if size > MAX_OUTPUT_BYTES:
            _kill(job)
            return _finish(job, "too-much-output", f"printed more than {MAX_OUTPUT_BYTES // 1024} KiB; output cut", elapsed)
        return None
    if status < 0:
        name = signal.Signals(-status).name
        return _finish(job, "crashed", f"the process died from {name}", elapsed)
    if not os.path.exists(job.result_file):
        return _finish(job, "crashed", f"the process exited with status {status} before finishing", elapsed)
    try:
        with open(job.result_file, encoding="utf-8") as handle:
            result = json.load(handle)
        status, reason, gpu = result["status"], str(result.get("reason", "")), result.get("gpu")
    except (OSError, ValueError, KeyError, TypeError):  # the snippet wrote over it
        return _finish(job, "crashed", "the runner's result file was unreadable after the snippet ran", elapsed)
    return _finish(job, status, reason, elapsed, gpu)


def _wait(job: _Running) -> int | None:
    """None while running; else the exit status, negative for a signal."""
    if job.popen is not None:
        return job.popen.poll()
    pid, status = os.waitpid(job.pid, os.WNOHANG)
    if pid == 0:
        return None
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _kill(job: _Running) -> None:
    try:
        os.killpg(job.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if job.popen is not None:
        job.popen.wait()
    else:
        os.waitpid(job.pid, 0)


def _finish(job: _Running, status: str, reason: str, seconds: float, gpu: str | None = None) -> Outcome:
    # Kill anything the snippet left behind in its process group (the rest: _end_strays).
    try:
        os.killpg(job.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    with open(job.output_file, "rb") as handle:
        raw = handle.read(MAX_OUTPUT_BYTES)
    text = raw.decode("utf-8", errors="replace")
    # Readers run `python name.py`; where our copy lives is not their business.
    text = text.replace(str(job.snippet.path), job.snippet.path.name)
    text = normalise(text, workdir=job.workdir)
    if status == "too-much-output":
        text += f"[output cut at {MAX_OUTPUT_BYTES // 1024} KiB]\n"
    shutil.rmtree(os.path.dirname(job.workdir), ignore_errors=True)
    return Outcome(job.snippet, job.device, status, text, reason, seconds, gpu)


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, process group, state) of every process, from /proc."""
    found = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
        except OSError:
            continue
        # pid (name) state ppid pgrp ...: the name may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        found[int(entry)] = (int(fields[1]), int(fields[2]), fields[0])
    return found


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()[:100] or "?"
    except OSError:
        return "?"


def _end_strays(job: _Running | None, running: set[int]) -> list[str]:
    """Kill and reap what a finished snippet left behind: every snippet
    process collects its orphans and this worker collects theirs, so what
    is left of an ended snippet are children of this worker that are not
    running snippets. Returns those that had left the snippet's process
    group (daemons, setsid()) and were still alive, as 'pid N: command'."""
    me, reported = os.getpid(), []
    for _ in range(50):
        table = _processes()
        strays = [pid for pid, (parent, _, _) in table.items() if parent == me and pid not in running]
        if not strays:
            break
        for pid in strays:
            _, group, state = table[pid]
            if state != "Z" and (job is None or group != job.pid):
                reported.append(f"pid {pid}: {_command(pid)}")
            for victim in _subtree(pid, table):
                try:
                    os.kill(victim, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    return reported


def _subtree(root: int, table: dict[int, tuple[int, int, str]]) -> list[int]:
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += [child for child, (parent, _, _) in table.items() if parent == pid]
    return found


if __name__ == "__main__":
    _serve()
