"""cfn-lint from one warm Python process (test/support/cfn-lint.ts starts one a jest worker).

Each `cfn-lint` command starts Python and loads cfn-lint and its schemas again (about 2 s of CPU); this
process loads them once and then runs cfn-lint's own command-line entry point (cfnlint.runner.main) for
each request, in process, with the request's arguments, capturing what the command would print and its
exit status: the answers are the command's, byte for byte.

Protocol: one JSON object a line, one answer a line.
  request: {"args": ["--format", "json", "--ignore-checks", "W3005", "--", "a.json", ...]}
  answer:  {"status": 2, "stdout": "[...]", "stderr": ""}  (or {"error": "..."} when the request is bad)

  python3 cfn-lint-server.py                  requests on stdin, answers on stdout
  python3 cfn-lint-server.py --socket PATH    requests on a unix socket (one connection at a time);
                                              exits when its stdin closes or its parent process ends
"""

import contextlib
import io
import json
import os
import socketserver
import sys
import threading


def lint(args):
    """Runs the cfn-lint command in this process: its exit status and what it prints."""
    # Imported at the first request, not at start: a jest worker that never lints pays only Python's start.
    from cfnlint.runner import main

    stdout, stderr = io.StringIO(), io.StringIO()
    status = 0
    argv = sys.argv
    sys.argv = ["cfn-lint", *args]
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                main()
            except SystemExit as e:  # how the command ends, always
                status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = argv
    return {"status": status, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}


def answer(line):
    try:
        request = json.loads(line)
        args = request["args"]
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            raise ValueError("args must be a list of strings")
        # Without a template the command reads one from its stdin, which here is the request channel.
        if "--" not in args or args.index("--") == len(args) - 1:
            raise ValueError("args must end with -- and at least one template path")
        return lint(args)
    except Exception as e:  # noqa: BLE001 - any failure is an answer; the client then runs the command
        return {"error": f"{type(e).__name__}: {e}"}


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write((json.dumps(answer(line)) + "\n").encode())
            self.wfile.flush()


class Server(socketserver.UnixStreamServer):
    def __init__(self, path):
        super().__init__(path, Handler)
        self.parent = os.getppid()

    def service_actions(self):
        # Called between requests (serve_forever's poll interval): the jest worker that started this
        # process has ended without closing its stdin (it cannot, but the parent check costs nothing).
        if os.getppid() != self.parent:
            os._exit(0)


def exit_when_stdin_closes():
    # The jest worker holds the other end of stdin: when it exits (however it ends), the pipe closes.
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--socket":
        path = sys.argv[2]
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        with Server(path) as server:
            server.serve_forever(poll_interval=1)
    elif len(sys.argv) == 1:
        for line in sys.stdin:
            sys.stdout.write(json.dumps(answer(line)) + "\n")
            sys.stdout.flush()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
