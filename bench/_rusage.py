"""Run a command as a forked child and report the child's own resource usage.

``python -S bench/_rusage.py OUT_JSON CMD...`` exits with CMD's exit code and writes
``{"pid", "maxrss_kb", "cpu_s"}`` to OUT_JSON: ``wait4`` on CMD, so CMD and every descendant
it reaped, without this wrapper.

Why a wrapper: Linux carries a process's peak RSS (``ru_maxrss``) across ``exec``, and
Python's ``subprocess`` starts children with ``vfork``, so a child of the benchmark would
report at least the benchmark's own RSS (~45 MB). Here CMD is forked from this small
process (started with ``-S``, ~9 MB), so that is the most it can inherit.
"""

import json
import os
import sys


def main() -> None:
    out, cmd = sys.argv[1], sys.argv[2:]
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    with open(out, "w") as f:
        json.dump({"pid": pid, "maxrss_kb": usage.ru_maxrss, "cpu_s": usage.ru_utime + usage.ru_stime}, f)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
