"""`python -m chorus.devstack.orphan_guard PARENT SIGNAL USER COMMAND...`: becomes COMMAND
(exec) after asking Linux to send it SIGNAL when its parent dies, so that a dev stack killed
abruptly leaks no server; USER ("-" for none) is whom COMMAND runs as.

A process of its own rather than a `preexec_fn`: Python code run between fork and exec in a
process with gRPC's threads can crash the child (seen as segfaults when the supervisor or a
fault test restarted a server while calls were in flight)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import sys

PR_SET_PDEATHSIG = 1


def guarded(command: list[str], sig: int, user: str | None = None) -> list[str]:
    """COMMAND wrapped so that it gets `sig` when this process dies."""
    return [sys.executable, "-m", "chorus.devstack.orphan_guard", str(os.getpid()), str(sig),
            user or "-", *command]


def main(argv: list[str]) -> None:
    parent, sig, user, command = int(argv[0]), int(argv[1]), argv[2], argv[3:]
    if user != "-":  # drop privileges first: a change of user clears the death signal
        account = pwd.getpwnam(user)
        os.setgid(account.pw_gid)
        os.setuid(account.pw_uid)
    # not Linux: no death signal; the stack's own stop still ends its children
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig)
    if os.getppid() != parent:
        sys.exit(1)  # the parent died before the signal was asked for
    os.execv(command[0], command)  # noqa: S606 (the dev stack's own servers)


if __name__ == "__main__":
    main(sys.argv[1:])
