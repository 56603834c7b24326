"""Where a run happened: the machine, the database and the code, recorded with every result."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def machine() -> dict:
    info = {"cores": os.cpu_count(), "memory_gib": None, "cpu_model": platform.processor() or "",
            "platform": platform.platform(), "python": platform.python_version(), "hostname": platform.node()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with contextlib.suppress(OSError):
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return info


def git_commit() -> dict:
    """The checked-out commit and whether tracked files differ from it (read-only git commands)."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # git status must not write the index

    def run(*args) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=20,
                                  check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
    commit = run("rev-parse", "HEAD")
    status = run("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def database() -> dict:
    """{"vendor", "version", "name", "label"} of Django's default connection."""
    from django.db import connection

    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        elif vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
        else:
            version = ""
    label = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
    name = str(connection.settings_dict.get("NAME") or "")
    return {"vendor": vendor, "version": version, "name": Path(name).name if vendor == "sqlite" else name,
            "label": f"{label} {version}"}
