"""A stand-in for huggingface.co, on 127.0.0.1, for the error index's hub snippets.

It answers the requests huggingface_hub makes when transformers loads a model
(the model info API, HEAD and GET on `<repo>/resolve/<revision>/<file>`) the way
the Hub does: the same status codes, the same `X-Error-Code`, `X-Error-Message`,
`X-Repo-Commit` and `ETag` headers, the same JSON error bodies.

    from _hub_stand_in import start
    start(repos={"example/tiny-bert": "checkpoints/tiny-random-bert"}, gated={"example/tiny-bert"})

`start()` must run before huggingface_hub or transformers is imported: it sets
HF_ENDPOINT to `http://127.0.0.1` and points huggingface_hub's HTTP client at
the server's port, so that the messages read the same on every run.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

ENDPOINT = "http://127.0.0.1"


def _commit(repo_id: str) -> str:
    return hashlib.sha1(repo_id.encode()).hexdigest()


class _Hub:
    def __init__(self, repos, gated, tokens):
        self.repos = {repo: Path(folder) for repo, folder in (repos or {}).items()}
        self.gated = set(gated or ())
        self.tokens = set(tokens or ())
        self.requests: list[str] = []

    # -- what the Hub answers -------------------------------------------------

    def answer(self, method: str, path: str, authorization: str | None):
        """(status, headers, body) for one request."""
        self.requests.append(f"{method} {path}")
        token = authorization.split(" ", 1)[-1] if authorization else None
        if token is not None and token not in self.tokens:
            return self.error(401, None, "Invalid credentials in Authorization header")

        repo_id, revision, filename = self.parse(path)
        if repo_id not in self.repos:
            if token is None:  # the Hub does not tell an anonymous caller whether a private repo exists
                return self.error(401, "RepoNotFound", "Invalid username or password.")
            return self.error(404, "RepoNotFound", "Repository not found")
        if repo_id in self.gated and token is None:
            return self.error(
                401,
                "GatedRepo",
                f"Access to model {repo_id} is restricted. You must have access to it and be authenticated to access it. Please log in.",
            )
        commit = _commit(repo_id)
        if revision not in ("main", commit):
            return self.error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        folder = self.repos[repo_id]
        files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        if filename is None:  # the model info API
            info = {"id": repo_id, "modelId": repo_id, "sha": commit, "private": False,
                    "gated": "manual" if repo_id in self.gated else False,
                    "siblings": [{"rfilename": f} for f in files]}
            return 200, {"Content-Type": "application/json"}, json.dumps(info).encode()
        if filename not in files:
            return self.error(404, "EntryNotFound", "Entry not found", {"X-Repo-Commit": commit})
        content = (folder / filename).read_bytes()
        return 200, {
            "Content-Type": "application/octet-stream",
            "X-Repo-Commit": commit,
            "ETag": '"' + hashlib.sha256(content).hexdigest() + '"',
            "Accept-Ranges": "bytes",
        }, content

    @staticmethod
    def parse(path: str) -> tuple[str, str, str | None]:
        """(repo id, revision, file or None for the model info API) of a Hub URL path."""
        parts = [unquote(p) for p in urlsplit(path).path.strip("/").split("/")]
        if parts[:2] == ["api", "models"]:
            repo_id = "/".join(parts[2:4])
            revision = parts[5] if len(parts) > 5 and parts[4] == "revision" else "main"
            return repo_id, revision, None
        repo_id = "/".join(parts[:2])
        if len(parts) > 4 and parts[2] == "resolve":
            return repo_id, parts[3], "/".join(parts[4:])
        return repo_id, "main", "/".join(parts[2:])

    @staticmethod
    def error(status, code, message, extra=None):
        headers = {"Content-Type": "application/json", "X-Error-Message": message, **(extra or {})}
        if code:
            headers["X-Error-Code"] = code
        return status, headers, json.dumps({"error": message}).encode()


def start(repos=None, *, gated=(), tokens=()) -> _Hub:
    """Serve `repos` ({repo id: local folder}) on 127.0.0.1 and point huggingface_hub at it.

    gated: repos that answer only callers with a token (any of `tokens`).
    tokens: the tokens the stand-in accepts; any other token is invalid."""
    hub = _Hub(repos, gated, tokens)

    class Handler(http.server.BaseHTTPRequestHandler):
        def _reply(self):
            status, headers, body = hub.answer(self.command, self.path, self.headers.get("Authorization"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_HEAD = _reply

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    os.environ["HF_ENDPOINT"] = ENDPOINT
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    import huggingface_hub

    if hasattr(huggingface_hub, "set_client_factory"):  # huggingface_hub 1.x and later: httpx
        _route_httpx(huggingface_hub, server.server_port)
    else:  # huggingface_hub 0.x (transformers 4): requests
        _route_requests(huggingface_hub, server.server_port)
    return hub


def _route_httpx(huggingface_hub, port: int) -> None:
    import httpx2
    from huggingface_hub.utils._http import hf_request_event_hook

    class ToStandIn(httpx2.HTTPTransport):
        """Sends every request to the server's port (the URLs keep http://127.0.0.1)."""

        def handle_request(self, request):
            url = request.url
            request.url = url.copy_with(port=port)
            try:
                return super().handle_request(request)
            finally:
                request.url = url

    huggingface_hub.set_client_factory(
        lambda: httpx2.Client(
            transport=ToStandIn(), event_hooks={"request": [hf_request_event_hook]}, follow_redirects=True, timeout=None
        )
    )


def _route_requests(huggingface_hub, port: int) -> None:
    import requests
    from huggingface_hub.utils._http import UniqueRequestIdAdapter

    class ToStandIn(UniqueRequestIdAdapter):
        """Sends every request to the server's port (the URLs keep http://127.0.0.1)."""

        def send(self, request, *args, **kwargs):
            url = request.url
            request.url = url.replace(ENDPOINT, f"{ENDPOINT}:{port}", 1)
            try:
                response = super().send(request, *args, **kwargs)
            finally:
                request.url = url
            response.url = url
            return response

    def session():
        backend = requests.Session()
        backend.mount("http://", ToStandIn())
        return backend

    huggingface_hub.configure_http_backend(backend_factory=session)
