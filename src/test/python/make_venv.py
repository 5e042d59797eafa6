"""Make target/pyenv: a venv holding the official Hugging Face Python clients the tests run.

Run with the system python3 (by .ci/run before the build, and by OfficialPythonClient.require()).
Idempotent: when the venv already holds exactly requirements.txt it returns at once. A file lock
keeps parallel test JVMs from building it twice. Exit 0 ready, 3 when python3 cannot make venvs
(tests then skip, except in CI), 1 when the install failed.
"""
from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[2]
VENV = PROJECT / "target" / "pyenv"
REQUIREMENTS = HERE / "requirements.txt"
INSTALLED = VENV / "requirements.installed"
PIP = ["--retries", "0", "--disable-pip-version-check", "-q"]


def ready() -> bool:
    """Whether the venv holds what requirements.txt asks for (the copy is written last)."""
    python = VENV / "bin" / "python"
    return python.exists() and INSTALLED.is_file() and INSTALLED.read_bytes() == REQUIREMENTS.read_bytes()


def make() -> None:
    # a half-made venv from an interrupted run is thrown away, not repaired
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    python = str(VENV / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", *PIP, "-r", str(REQUIREMENTS)], check=True)
    subprocess.run([python, "-c", "import datasets, huggingface_hub, h5py"], check=True)
    shutil.copyfile(REQUIREMENTS, INSTALLED)


def main() -> int:
    if ready():
        return 0
    try:
        import ensurepip  # noqa: F401  (Debian ships it apart, in python3-venv)
        import venv  # noqa: F401
    except ImportError as e:
        print(f"make_venv: {sys.executable} cannot make venvs ({e}); install python3-venv", file=sys.stderr)
        return 3
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(VENV.parent / "pyenv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ready():  # made by another process while this one waited
            return 0
        try:
            make()
        except subprocess.CalledProcessError as e:
            print(f"make_venv: {' '.join(map(str, e.cmd))} failed with exit {e.returncode}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
