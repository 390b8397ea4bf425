"""``desk serve`` over real sockets: what the review server answers to oversize, mis-declared,
stalled, TLS and malformed requests, to a post from another origin, and to a port already in use.
Every case also checks that nothing reached the server's stderr or log as a traceback."""

from __future__ import annotations

import random
import re
import ssl
import subprocess
import sys
from urllib.parse import urlencode

import pytest

from agent.review_server import ServerLimits
from agent.review_server.forms import MAX_FORM_BYTES
from tests.server_http.conftest import Served, read_until_closed, status_of

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")

APPROVE = "/runs/2026-04-21/approve"
HEADER_LIMIT = ServerLimits().max_header_bytes


def post_head(served: Served, length: int | str, extra_headers: str = "") -> bytes:
    return (f"POST {APPROVE} HTTP/1.1\r\nHost: {served.host}\r\nConnection: close\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {length}\r\n{extra_headers}\r\n").encode()


def assert_quiet(log: str) -> None:
    assert "Traceback" not in log
    assert "ERROR" not in log


def test_an_oversize_body_gets_413_before_any_of_it_is_sent(serve):
    served = serve()
    for length in (MAX_FORM_BYTES + 1, 10**30):
        assert status_of(served.exchange(post_head(served, length))) == 413  # head only sent
    origin = f"Origin: {served.origin}\r\n"
    at_limit = served.exchange(post_head(served, MAX_FORM_BYTES, origin) + b"x" * MAX_FORM_BYTES)
    assert status_of(at_limit) == 403 and b"has expired" in at_limit  # read, then no csrf token
    assert_quiet(served.log())


def test_an_oversize_chunked_body_gets_413(serve):
    served = serve(ServerLimits(max_body_bytes=1000))
    head = (f"POST {APPROVE} HTTP/1.1\r\nHost: {served.host}\r\nTransfer-Encoding: chunked\r\n"
            "Connection: close\r\n\r\n").encode()
    # one small write: the server reads all of it before it answers, so the answer is not lost
    # to a reset for unread input
    chunks = b"".join(b"1f4\r\n" + b"a" * 500 + b"\r\n" for _ in range(4)) + b"0\r\n\r\n"
    assert status_of(served.exchange(head + chunks)) == 413
    assert_quiet(served.log())


@pytest.mark.parametrize("length", ["abc", "-5", "1e3", "0x10", "+7", "5, 6", "٣"])
def test_a_bad_content_length_gets_400(serve, length):
    served = serve()
    assert status_of(served.exchange(post_head(served, length) + b"csrf=x")) == 400
    assert_quiet(served.log())


def test_a_body_shorter_than_declared_pins_no_thread_and_is_dropped(serve):
    served = serve(ServerLimits(read_timeout_s=1, threads=1))
    stalled = [served.connect() for _ in range(3)]
    for sock in stalled:
        sock.sendall(post_head(served, 100, f"Origin: {served.origin}\r\n") + b"csrf=")
    assert status_of(served.get()) == 200  # the only worker thread is free
    for sock in stalled:
        assert read_until_closed(sock) == b""  # hung up at the read timeout
        sock.close()
    assert_quiet(served.log())


def test_a_tls_handshake_is_hung_up_on_and_the_server_keeps_answering(serve):
    served = serve()  # read timeout 30 s: failing inside the client's 15 s is the hang-up
    context = ssl.create_default_context()
    with served.connect() as raw, pytest.raises((ssl.SSLError, ConnectionError)):
        context.wrap_socket(raw, server_hostname="localhost")
    assert status_of(served.get()) == 200
    log = served.log()
    assert_quiet(log)
    assert "GET / 200" in log


MALFORMED = {
    "binary request line": (b"\x00\xff\xfe\xfd junk\r\n\r\n", 400),
    "no target": (b"GET\r\n\r\n", 400),
    "non-ASCII method and path": (b"G\xe9T /\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "header without colon": (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon\r\n\r\n", 400),
    "folded header": (b"GET / HTTP/1.1\r\n Host: 127.0.0.1\r\n\r\n", 400),
    "NUL in a header": (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: a=\x00\r\n\r\n", 400),
    "two lengths": (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                    b"Content-Length: 6\r\n\r\n", 400),
    "bad chunk size": (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                       b"\r\nzz\r\n", 400),
    "unknown transfer coding": (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                b"Transfer-Encoding: gzip\r\n\r\n", 501),
    # exactly the limit, so the server has read every byte when it answers (no reset)
    "request line as long as the header limit": (b"GET /" + b"a" * (HEADER_LIMIT - 5), 431),
}


@pytest.mark.parametrize(("raw", "status"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_request_is_answered_without_a_traceback(serve, raw, status):
    served = serve()
    assert status_of(served.exchange(raw)) == status
    assert status_of(served.get()) == 200
    assert_quiet(served.log())


def test_random_binary_requests_get_400_and_nothing_is_logged(serve):
    served = serve()
    rng = random.Random(14)
    for _ in range(25):
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 600)))
        assert status_of(served.exchange(junk.replace(b"\n", b"") + b"\r\n\r\n")) == 400
    assert_quiet(served.log())


def test_control_characters_in_a_path_do_not_reach_the_terminal(serve):
    served = serve()
    assert status_of(served.get("/%1b[2J%1b]0;owned%07")) == 404
    log = served.log()
    assert "\x1b" not in log and "\x07" not in log
    assert r"GET /\x1b[2J\x1b]0;owned\x07 404" in log


def test_a_post_from_another_origin_gets_403_even_with_a_valid_token(serve):
    served = serve()
    cookie = re.search(rb"desk_client=([\w-]+)", served.get()).group(1).decode()
    form = urlencode({"csrf": served.app.csrf.token(cookie, APPROVE), "draft_version": "1"})

    def post(origin: str) -> bytes:
        headers = f"Origin: {origin}\r\nCookie: desk_client={cookie}\r\n"
        return served.exchange(post_head(served, len(form), headers) + form.encode())

    refused = post("http://attacker.example")
    assert status_of(refused) == 403 and b"did not come from the review page" in refused
    assert status_of(post(served.origin)) == 303  # the same post from the page goes through
    assert_quiet(served.log())


def test_the_log_check_sees_a_crash_in_the_page(serve):
    def crashing(environ, start_response):
        raise RuntimeError("page bug")

    served = serve(app=crashing)
    assert status_of(served.get()) == 500
    log = served.log()
    assert "Traceback" in log and "RuntimeError: page bug" in log


def test_a_port_in_use_is_one_line_naming_port_and_exits_1(serve):
    served = serve()
    result = subprocess.run(
        [sys.executable, "-m", "agent.cli", "serve", "--port", str(served.server.server_port)],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "already in use" in line and "--port" in line
    assert status_of(served.get()) == 200  # the server holding the port is untouched
