"""Hash-pin the locks: ``python3 tools/hash_locks.py`` rewrites requirements.lock and
requirements-test.lock with a ``--hash=sha256:`` for every file of every pinned release
(pip-compile --generate-hashes, from pip-tools in a throw-away venv), keeping the versions
the locks already pin.  To move a version, edit its ``name==version`` line, then run this.

``make install`` installs from them with ``pip install --no-deps --require-hashes``: the locks
list every package, so pip resolves nothing; ``pip check`` then confirms nothing is missing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME, TEST = ROOT / "requirements.lock", ROOT / "requirements-test.lock"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")
HEADERS = {
    RUNTIME: "# Pinned runtime dependencies of kg, with the sha256 of every file of each release.\n"
    "# Installed with `pip install --no-deps --require-hashes -r requirements.lock` (make install).\n"
    "# Regenerate after editing a version: python3 tools/hash_locks.py\n",
    TEST: "# Pinned test extras (pytest, ruff, mypy, …), installed on top of requirements.lock, with\n"
    "# the sha256 of every file of each release. Regenerate: python3 tools/hash_locks.py\n",
}


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        m = PIN.match(line.strip())
        if m:
            found[m.group(1).lower().replace("_", "-")] = f"{m.group(1)}=={m.group(2)}"
    return found


def compile_(pip_compile: Path, requirements: list[str], out: Path, work: Path) -> str:
    source = work / f"{out.name}.in"
    source.write_text("\n".join(requirements) + "\n")
    subprocess.run(
        [
            str(pip_compile),
            "--quiet",
            "--generate-hashes",
            "--allow-unsafe",
            "--strip-extras",
            "--no-emit-index-url",
            "--no-emit-find-links",
            "--no-header",
            "--annotation-style=line",
            "-o",
            str(work / out.name),
            str(source),
        ],
        check=True,
        cwd=work,
    )
    return (work / out.name).read_text()


def entries(text: str) -> list[tuple[str, str]]:
    """(normalised name, the entry's lines without pip-compile's "# via" notes)."""
    blocks, current = [], []
    for line in text.splitlines():
        if PIN.match(line):
            current = [line]
            blocks.append(current)
        elif line.startswith("    --hash") and current:
            current.append(line)
    return [(PIN.match(b[0]).group(1).lower().replace("_", "-"), "\n".join(b)) for b in blocks]


def main() -> None:
    runtime, test = pins(RUNTIME), pins(TEST)
    test = {k: v for k, v in test.items() if k not in runtime}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True)
        subprocess.run([str(work / "venv/bin/pip"), "install", "-q", "pip-tools"], check=True)
        pip_compile = work / "venv/bin/pip-compile"
        done = entries(compile_(pip_compile, sorted(runtime.values()), RUNTIME, work))
        missing = {name for name, _ in done} - set(runtime)
        if missing:
            sys.exit(f"requirements.lock lacks {', '.join(sorted(missing))}: pin them, then run this again")
        constraints = work / "runtime-pins.txt"
        constraints.write_text("\n".join(sorted(runtime.values())) + "\n")
        extra = entries(compile_(pip_compile, [*sorted(test.values()), f"-c {constraints}"], TEST, work))
        missing = {name for name, _ in extra} - set(runtime) - set(test)
        if missing:
            sys.exit(
                f"requirements-test.lock lacks {', '.join(sorted(missing))}: pin them, then run this again"
            )
    RUNTIME.write_text(HEADERS[RUNTIME] + "\n".join(e for _, e in done) + "\n")
    TEST.write_text(HEADERS[TEST] + "\n".join(e for name, e in extra if name not in runtime) + "\n")


if __name__ == "__main__":
    main()
