"""Running snippets: each in its own process, started by forking a warm worker
that has already imported torch, transformers and peft (about 4.5 s per
process otherwise), several at a time.

Isolation: every snippet gets its own process, working directory, seeds and
output file. A hang is killed at its timeout, a flood of output is cut, a
crash (segfault, abort, sys.exit) ends only its own process."""

from __future__ import annotations

import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scripts.pins import DOCUMENTED, REPO_ROOT, installed
from scripts.snippets import child
from scripts.snippets.catalog import CHECKPOINTS_DIR, Snippet
from scripts.snippets.compare import normalise

MAX_OUTPUT_BYTES = 256 * 1024
# A snippet may write files (checkpoints, logs) but not fill the disk.
MAX_FILE_BYTES = 512 * 1024 * 1024
WARM_IMPORTS = ("torch", "transformers", "peft")


@dataclass
class Outcome:
    snippet: Snippet
    device: str
    status: str  # ok | failed | timeout | too-much-output | crashed | skipped
    output: str = ""
    reason: str = ""
    seconds: float = 0.0
    gpu: str | None = None

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


def versions(device: str, gpu: str | None = None) -> dict[str, str]:
    meta = {"device": device}
    for name in DOCUMENTED:
        meta[name] = installed(name) or "missing"
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


# Set for every snippet, so recorded output is the same from run to run:
# a fixed hash seed keeps the order of sets and dict-built reports stable,
# and download progress bars would only add noise.
SNIPPET_ENV = {"PYTHONHASHSEED": "0", "HF_HUB_DISABLE_PROGRESS_BARS": "1", "TOKENIZERS_PARALLELISM": "false"}


def run_all(jobs: list[tuple[Snippet, str]], parallel: int | None = None, on_done=None) -> list[Outcome]:
    """Run every (snippet, device) pair; CUDA pairs are skipped without a GPU.
    The runs happen in a warm worker process started with SNIPPET_ENV."""
    outcomes: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)

    pending = []
    for snippet, device in jobs:
        if device == "cuda" and not cuda_available():
            done(Outcome(snippet, device, "skipped", reason="needs a CUDA GPU; none on this machine"))
        else:
            pending.append((snippet, device))
    if pending:
        _in_worker(pending, parallel or os.cpu_count() or 1, done)
    return outcomes


def _in_worker(jobs: list[tuple[Snippet, str]], parallel: int, done) -> None:
    by_key = {(str(s.path), d): s for s, d in jobs}
    request = json.dumps({"parallel": parallel, "jobs": [[str(s.path), d] for s, d in jobs]})
    worker = subprocess.Popen(
        [sys.executable, "-m", "scripts.snippets.execute"],
        cwd=REPO_ROOT,
        env={**os.environ, **SNIPPET_ENV, "PYTHONPATH": _python_path()},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    worker.stdin.write(request)
    worker.stdin.close()
    try:
        for line in worker.stdout:
            if not line.startswith(_RESULT):
                continue
            data = json.loads(line[len(_RESULT) :])
            snippet = by_key.pop((data.pop("path"), data["device"]))
            done(Outcome(snippet, **data))
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
    for (_, device), snippet in by_key.items():  # the worker itself died
        done(Outcome(snippet, device, "crashed", reason=f"the snippet worker exited with status {worker.returncode}"))


_RESULT = "@@snippet-outcome "


def _serve() -> None:
    """The warm worker: import the heavy libraries once, then fork a child
    per snippet, `parallel` at a time, reporting each outcome on stdout."""
    from scripts.snippets.catalog import load_snippet

    request = json.load(sys.stdin)
    jobs = [(load_snippet(Path(path)), device) for path, device in request["jobs"]]
    parallel = request["parallel"]
    if any(s.isolation == "fork" for s, _ in jobs):
        warm_up()
    threads = max(1, (os.cpu_count() or 1) // parallel)
    running: list[_Running] = []
    pending = list(reversed(jobs))
    while pending or running:
        while pending and len(running) < parallel:
            running.append(_start(*pending.pop(), threads=threads))
        time.sleep(0.01)
        for job in list(running):
            outcome = _poll(job)
            if outcome:
                running.remove(job)
                data = {
                    "path": str(outcome.snippet.path),
                    "device": outcome.device,
                    "status": outcome.status,
                    "output": outcome.output,
                    "reason": outcome.reason,
                    "seconds": outcome.seconds,
                    "gpu": outcome.gpu,
                }
                sys.stdout.write(_RESULT + json.dumps(data) + "\n")
                sys.stdout.flush()


def _prepare(snippet: Snippet) -> tuple[str, str, str]:
    scratch = tempfile.mkdtemp(prefix="snippet-")
    workdir = os.path.join(scratch, "work")
    os.mkdir(workdir)
    os.symlink(CHECKPOINTS_DIR, os.path.join(workdir, "checkpoints"))
    return workdir, os.path.join(scratch, "output.txt"), os.path.join(scratch, "result.json")


def _device_env(device: str) -> dict[str, str]:
    # A CPU run must not see a GPU even on a GPU machine: "cuda if available
    # else cpu" in a snippet then picks the CPU.
    return {"CUDA_VISIBLE_DEVICES": ""} if device == "cpu" else {}


def _python_path() -> str:
    """The repo first, then whatever the caller had (a --target install of the
    pinned packages, say): replacing it would import other versions."""
    return os.pathsep.join(p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p)


def _start(snippet: Snippet, device: str, threads: int) -> _Running:
    workdir, output_file, result_file = _prepare(snippet)
    env = {**_device_env(device), **snippet.env}
    if snippet.isolation == "process":
        full_env = {
            **os.environ,
            **SNIPPET_ENV,
            "PYTHONPATH": _python_path(),
            "PYTHONUNBUFFERED": "1",
            "OMP_NUM_THREADS": str(threads),
            **env,
        }
        with open(output_file, "wb") as out:
            popen = subprocess.Popen(
                [sys.executable, "-m", "scripts.snippets.child", str(snippet.path), result_file, snippet.expected(device) or ""],
                cwd=workdir,
                env=full_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_limit_files,
            )
        return _Running(snippet, device, popen.pid, workdir, output_file, result_file, popen)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            os.setsid()
            _limit_files()
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
            child.run(str(snippet.path), result_file, snippet.expected(device), fresh=False)
        finally:
            os._exit(0)
    return _Running(snippet, device, pid, workdir, output_file, result_file, None)


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
    with open(job.result_file, encoding="utf-8") as handle:
        result = json.load(handle)
    return _finish(job, result["status"], result.get("reason", ""), elapsed, result.get("gpu"))


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
    # Kill anything the snippet left behind in its process group.
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


if __name__ == "__main__":
    _serve()
