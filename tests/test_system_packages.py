"""``tools/system-packages`` (run by ``make test``): installs the Debian packages the tests use
when a command is missing, as root or through a password-less sudo, else stops with the command.

Run with a PATH of stubs: ``apt-get`` and ``sudo`` only record how they were called, ``id``
says who we are, and the three commands are present or not as each case needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from builders import ROOT

SCRIPT = ROOT / "tools" / "system-packages"
COMMANDS = ("chromium", "chromedriver", "virtuoso-t")


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def run(tmp_path: Path, *, present=COMMANDS, uid=1000, sudo: str | None = None, apt=True, env=None):
    bin_ = tmp_path / "bin"
    bin_.mkdir(parents=True)
    log = tmp_path / "calls.log"
    for tool in ("bash", "env", "sh"):
        os.symlink(shutil.which(tool), bin_ / tool)
    _stub(bin_, "id", f"echo {uid}")
    for command in present:
        _stub(bin_, command, "exit 0")
    if apt:
        _stub(bin_, "apt-get", f'echo "apt-get $*" >> {log}')
    if sudo == "passwordless":
        _stub(bin_, "sudo", f'if [ "$2" = true ]; then exit 0; fi; echo "sudo $*" >> {log}; shift; exec "$@"')
    elif sudo == "password":
        _stub(bin_, "sudo", "echo 'sudo: a password is required' >&2; exit 1")
    environ = {"PATH": str(bin_), **(env or {})}
    result = subprocess.run(
        [str(bin_ / "bash"), str(SCRIPT)], env=environ, capture_output=True, text=True, timeout=30
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


def test_nothing_to_do_when_everything_is_there(tmp_path):
    result, calls = run(tmp_path)
    assert result.returncode == 0 and calls == [] and result.stderr == ""


def test_root_installs_what_is_missing(tmp_path):
    result, calls = run(tmp_path, present=("chromium",), uid=0)
    assert result.returncode == 0, result.stderr
    assert calls == [
        "apt-get update",
        "apt-get install -y chromium-driver virtuoso-opensource",
    ]


def test_passwordless_sudo_installs_what_is_missing(tmp_path):
    result, calls = run(tmp_path, present=("chromium", "chromedriver"), sudo="passwordless")
    assert result.returncode == 0, result.stderr
    assert calls == [
        "sudo -n apt-get update",
        "apt-get update",
        "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource",
        "apt-get install -y virtuoso-opensource",
    ]


@pytest.mark.parametrize("sudo", [None, "password"])
def test_otherwise_it_stops_at_once_with_the_exact_command(tmp_path, sudo):
    result, calls = run(tmp_path, present=(), sudo=sudo)
    assert result.returncode == 1 and calls == []
    assert (
        "  sudo apt-get update && sudo env DEBIAN_FRONTEND=noninteractive "
        "apt-get install -y chromium chromium-driver virtuoso-opensource\n"
    ) in result.stderr


def test_skipping_a_group_locally_but_never_in_ci(tmp_path):
    result, calls = run(tmp_path, present=("virtuoso-t",), env={"KG_SKIP_BROWSER": "1"})
    assert result.returncode == 0 and calls == []
    result, calls = run(
        tmp_path / "ci", present=("virtuoso-t",), uid=0, env={"KG_SKIP_BROWSER": "1", "CI": "true"}
    )
    assert calls == ["apt-get update", "apt-get install -y chromium chromium-driver"]


def test_dry_run_says_what_it_would_run(tmp_path):
    result, calls = run(tmp_path, present=COMMANDS[:2], uid=0, env={"KG_SYSTEM_PACKAGES_DRY_RUN": "1"})
    assert result.returncode == 0 and calls == []
    assert (
        "would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource"
        in result.stdout
    )
