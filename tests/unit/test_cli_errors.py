"""Operator commands that need the running local stack say so when its database does not answer (no traceback).
Each runs in its own process, as an operator runs it (the command points its process at the local stack)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from chalicelib.cli.localenv import PROJECT_ROOT


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.mark.parametrize("argv", [["summarize", "un-debat"], ["archive", "un-debat"], ["delete-user", "a@example.org"],
                                  ["index-personal-data"]])
def test_a_command_without_the_local_stack_explains_itself(argv):
    port = _closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PALABRE_"))}
    done = subprocess.run([sys.executable, "-m", "chalicelib.cli.main", *argv, "--db-port", str(port)],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert f"could not reach the local stack's database on 127.0.0.1:{port}" in done.stderr, done.stderr
    assert "--db-port (or DB_PORT)" in done.stderr and "Traceback" not in done.stderr
