"""The README's shell examples run as written against a demo made as `make demo` makes it
(fewer generated marks), in its folder, with `marknet` on the PATH; a broken example fails
here. The README's lists of commands and environment variables are checked against the code.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from marknet.api.v1.settings import ApiSettings
from marknet.cli import app
from marknet.settings import Settings
from tests.cli.runner import cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent  # the venv's bin: the `marknet` entry point

# Not run here, each for a reason: the two make targets install and run everything, and
# `serve` and `demo` serve until interrupted (they have tests of their own, with real
# processes, in tests/exchange and tests/api).
NOT_RUN = ("make ", "marknet serve ", "marknet demo ")
# The README's sizes, cut to what a test needs.
SCALED = {"--records 100000": "--records 500"}
# What an example's comment promises, checked beyond its exit code.
PROMISES = {
    "marknet show RU502020000740504": "ЛУКОЙЛ",
    "marknet search LUKOIL": "ЛУКОЙЛ",
    "marknet search \"Вологодское масло премиум\"": "Вологодское масло",
    "marknet search Криница": "Крыніца",
    "marknet search --queries": "Савушкин",
    "marknet verify --data-dir ru ": "intact",
    "marknet examine ID": "RU502020000740504",
    "marknet restore": "every chain verified",
    "marknet publications": "LUKOIL",
    "marknet records list --office BY": "Крыніца",
}


def shell_examples(text: str) -> list[str]:
    """Every line of the README's ```sh blocks (continuation lines belong to comments)."""
    blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.M | re.S)
    return [line for block in blocks for line in block.splitlines()
            if line.strip() and not line.startswith(" ")]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("readme")
    (base / "examples").symlink_to(ROOT / "examples")
    folder = base / "demo-data"
    made = subprocess.run([str(BIN / "marknet"), "demo", "--dir", str(folder), "--records",
                           "300", "--port", "0", "--once", "--json"], capture_output=True,
                          text=True, timeout=600, check=False)
    assert made.returncode == 0, made.stderr
    return folder


def _run(command: str, folder: Path) -> tuple[int, str, str]:
    """Run one README line: in-process through marknet's own entry point when it is plain
    commands (fast), through bash when it needs the shell (substitution, redirection)."""
    if any(mark in command.split("#", 1)[0] for mark in ("$(", ">", "|")):
        shell_env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        shell_env.pop("MARKNET_DATA_DIR", None)
        done = subprocess.run(["bash", "-c", f"set -eo pipefail; {command}"], cwd=folder,
                              env=shell_env, capture_output=True, text=True, timeout=300,
                              check=False)
        return done.returncode, done.stdout, done.stderr
    code, out, err = 0, "", ""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=";")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    commands: list[list[str]] = [[]]
    for word in lexer:
        if word == ";":
            commands.append([])
        else:
            commands[-1].append(word)
    for words in filter(None, commands):
        env: dict[str, str] = {}
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        assert words[0] == "marknet", command
        ran = cli(*words[1:], env=env)
        code, out, err = code or ran.code, out + ran.stdout, err + ran.stderr
    return code, out, err


@pytest.mark.timeout(900)
def test_every_shell_example_runs_against_the_demo(demo_folder: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo_folder)
    monkeypatch.delenv("MARKNET_DATA_DIR", raising=False)
    record_id = ""
    ran = 0
    for line in shell_examples(README):
        if line.startswith(NOT_RUN):
            continue
        command = line
        for written, scaled in SCALED.items():
            command = command.replace(written, scaled)
        if " ID " in command:
            assert record_id, f"{line!r} needs the ID of an application filed before it"
            command = command.replace(" ID ", f" {record_id} ")
        code, out, err = _run(command, demo_folder)
        assert code == 0, f"README example failed: {line}\n{err[-2000:]}"
        assert "Traceback" not in err, line
        for start, promised in PROMISES.items():
            if line.startswith(start):
                assert promised in out, f"{line}: {promised!r} not in the output"
        if "national-trademark.json" in line or "gi.json" in line:
            record_id = json.loads(out)["id"]
        ran += 1
    promised_lines = [start for start in PROMISES
                      if not any(line.startswith(start) for line in shell_examples(README))]
    assert promised_lines == [], "promises about examples the README no longer has"
    assert ran >= 30


def _command_paths(group: typer.Typer, prefix: str = "marknet") -> Iterator[str]:
    for command in group.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        yield f"{prefix} {name}"
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            yield f"{prefix} {sub.name}"
            yield from _command_paths(sub.typer_instance, f"{prefix} {sub.name}")


def _code(text: str) -> str:
    """The README's code: its blocks and inline spans."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.M | re.S)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", text, flags=re.M | re.S))
    return "\n".join(blocks + spans)


def test_every_command_is_in_the_readme_and_every_readme_command_exists() -> None:
    code = _code(README)
    commands = set(_command_paths(app))
    undocumented = sorted(c for c in commands if not re.search(
        r"(?:^|[\s`(])(?:marknet )?" + re.escape(c.removeprefix("marknet ")) + r"\b", code,
        flags=re.M))
    assert undocumented == [], "commands the README never shows"
    groups = {c for c in commands if any(o.startswith(c + " ") for o in commands)}
    shown = set(re.findall(r"marknet(?: [a-z][a-z-]*){1,2}", code))
    unknown = sorted(s for s in shown
                     if s not in commands and s.rsplit(" ", 1)[0] not in commands - groups)
    assert unknown == [], "the README shows commands marknet does not have"


def _settings_variables() -> set[str]:
    return ({f"MARKNET_{name.upper()}" for name in Settings.model_fields}
            | {f"MARKNET_API_{name.upper()}" for name in ApiSettings.model_fields})


def _option_variables() -> set[str]:
    found: set[str] = set()
    for source in (ROOT / "marknet").rglob("*.py"):
        found.update(re.findall(r"envvar=\"(MARKNET_[A-Z_]+)\"", source.read_text("utf-8")))
    return found


def test_the_readme_lists_every_setting_and_names_no_other() -> None:
    listed = set(re.findall(r"^\| `(MARKNET_[A-Z_]+)` \|", README, flags=re.M))
    expected = _settings_variables() | _option_variables()
    assert sorted(expected - listed) == [], "settings missing from the README's table"
    code = "\n".join(p.read_text("utf-8") for folder in ("marknet", "tests")
                     for p in (ROOT / folder).rglob("*.py"))
    mentioned = set(re.findall(r"MARKNET_[A-Z_]+[A-Z]", README))
    unknown = sorted(v for v in mentioned if v not in expected and v not in code)
    assert unknown == [], "the README names variables marknet never reads"
