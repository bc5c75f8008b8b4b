"""``marknet serve``: the node's app on uvicorn, in one process or several sharing one port.

Searching is CPU-bound Python, so one process answers no faster on two cores than on one. With
``processes`` > 1 the parent and ``processes - 1`` children each listen on the port with
``SO_REUSEPORT``, and the kernel spreads new connections evenly over them (one shared socket
would not: measured, the process that accepts first takes nearly all of a burst). The parent is
the node's only background worker — exchange delivery and pulling, watches — and the children
only answer requests; everything they share lives in the store, and each keeps its own search
index caught up with the registers. Public search answers are shared through one cache file
(``shared_answers``), so a popular query is searched once per node, not once per process. The
rate limit is counted per process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess
from pathlib import Path

from marknet.search.shared_answers import SharedAnswers
from marknet.settings import Settings

_BACKLOG = 2048


def bind(host: str, port: int, share: bool = False) -> socket.socket:
    """A listening socket; ``share`` lets the node's other processes listen on the port too."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if share:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(_BACKLOG)
    return sock


def serve(settings: Settings, sock: socket.socket, processes: int = 1,
          log_level: str = "warning") -> None:
    """Serve on the bound ``sock`` (bound with ``share`` when ``processes`` > 1) until SIGTERM
    or SIGINT; the children stop with the parent."""
    host, port = sock.getsockname()[:2]
    shared = shared_answers_path(settings) if processes > 1 else None
    if shared is not None and not SharedAnswers.reset(shared):
        shared = None
    spawn = multiprocessing.get_context("spawn")  # the parent already runs threads
    children: list[BaseProcess] = [
        spawn.Process(target=_answer_only, name=f"marknet-http-{i}", daemon=True,
                      args=(str(settings.data_dir), settings.database_url, host, port,
                            log_level, os.getpid(), shared))
        for i in range(1, processes)]
    for child in children:
        child.start()
    try:
        _run(settings, sock, log_level, background=True, shared=shared)
    finally:
        for child in children:
            if child.is_alive() and child.pid is not None:
                os.kill(child.pid, signal.SIGTERM)
        for child in children:
            child.join(timeout=10)
            if child.is_alive():
                child.kill()
        sock.close()


def shared_answers_path(settings: Settings) -> Path:
    return settings.data_dir / "cache" / "search-answers.sqlite3"


def _run(settings: Settings, sock: socket.socket, log_level: str, background: bool,
         shared: Path | None = None) -> None:
    import uvicorn

    from marknet.api.app import create_app
    from marknet.api.protocol import guarded_protocol
    from marknet.api.v1.settings import load_api_settings

    app = create_app(settings, background=background, shared_answers=shared)
    api = load_api_settings()
    config = uvicorn.Config(app, log_level=log_level, access_log=False,
                            timeout_graceful_shutdown=5, timeout_keep_alive=api.idle_timeout_s,
                            http=guarded_protocol(api.request_timeout_s))
    uvicorn.Server(config).run(sockets=[sock])


def _answer_only(data_dir: str, database_url: str | None, host: str, port: int,
                 log_level: str, parent: int, shared: Path | None) -> None:
    from marknet.settings import load_settings

    threading.Thread(target=_stop_with_parent, args=(parent,), daemon=True).start()
    settings = load_settings(Path(data_dir), database_url=database_url)
    with bind(host, port, share=True) as sock:
        _run(settings, sock, log_level, background=False, shared=shared)


def _stop_with_parent(parent: int) -> None:
    """A parent killed outright (kill -9) cannot stop its children: they notice and stop."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)
