# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP client for the Redis Cloud REST API: session, auth headers, retries, pacing, bounds, error mapping.

What a server can make this client do is bounded, whoever the server is:
- it never follows a redirect (the keys would go with it): a 3xx is an error;
- every attempt of a request ends within ``timeout`` seconds from connecting to the
  last byte, and within the time the caller's deadline leaves (a body trickling in
  byte by byte cannot hold it), and every wait between attempts is capped the same way;
- an answer is read as a stream and refused beyond ``max_answer_bytes``;
- certificate checks follow ``validate_certs``/``ca_path`` on every request, whatever
  REQUESTS_CA_BUNDLE says (psf/requests#3829);
- ids that reach a path are checked: no ``..``, query, fragment or other host;
- no message carries a key, in any encoding.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
import ssl
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_CORE_VERSION

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import (
    ApiRequestError,
    MalformedResponseError,
    RedisCloudError,
    parse_error_body,
    printable,
    redact_text,
)
from ansible_collections.rediscloud.api.plugins.module_utils.api.retries import RATE_LIMITED, RETRY_STATUSES, RetryPolicy
from ansible_collections.rediscloud.api.plugins.module_utils.api.rate_limit import RateLimitPacer
from ansible_collections.rediscloud.api.plugins.module_utils.version import COLLECTION_NAME, COLLECTION_VERSION

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ConnectTimeoutError, ProtocolError, ReadTimeoutError
    from urllib3.exceptions import SSLError as Urllib3SSLError
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR: str | None = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

NOT_FOUND = 404
NO_CONTENT = 204
WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})
# Real answers are kilobytes (a listing of hundreds of subscriptions is well under 1 MiB).
MAX_ANSWER_BYTES = 4 * 1024 * 1024
# Of an error answer only an excerpt is shown: read no more than this of it.
MAX_ERROR_BODY_BYTES = 64 * 1024
READ_CHUNK_BYTES = 64 * 1024
# Once the caller's deadline has passed, a request still gets one attempt this long (or
# api_timeout if shorter), without retries: a final read after a wait ran out must work.
LAST_ATTEMPT_SECONDS = 5.0
# A client without a deadline (not the modules': theirs is wait_timeout) waits out at most this many 429s in a row.
MAX_REFUSALS_WITHOUT_DEADLINE = 10
# Real answers nest under 10 levels; deeper ones are refused before any code walks them.
MAX_ANSWER_DEPTH = 32
# The attempt's own socket timeouts fire at its budget; give them this long to report first.
JOIN_SLACK_SECONDS = 0.5
# A key is visible ASCII: no space, no control character (a header cannot carry a newline).
HEADER_SAFE = re.compile(r"^[\x21-\x7e]+$")
UNSAFE_PATH_PARTS = ("?", "#", "%", "\\", "//")
NO_PROXIES = {"http": None, "https": None, "all": None}
DEFAULT_PORTS = {"http": 80, "https": 443}
SSL_REASON = re.compile(r"\[SSL[^\]]*\][^'\")]*")


class Answer(NamedTuple):
    """One HTTP answer, read within its bounds."""

    status: int
    reason: str
    headers: Any
    content: bytes
    oversize: bool = False
    encoded: bool = False


class _Fault(Exception):
    """One attempt that produced no usable answer; ``error`` is what to raise if it is not retried."""

    def __init__(self, error: RedisCloudError, retry_read: bool, never_sent: bool = False, final: bool = False) -> None:
        super().__init__(error.message)
        self.error = error
        self.retry_read = retry_read
        self.never_sent = never_sent
        self.final = final


def check_api_url(api_url: Any) -> str | None:
    """Return why ``api_url`` is unusable, or None. Plain http:// is accepted only for loopback hosts.

    The messages never repeat the URL's user-info: it may hold a password.
    """
    if not isinstance(api_url, str) or not api_url:
        return "api_url is empty: give the API's base URL, such as https://api.redislabs.com/v1"
    if any(character.isspace() or not character.isprintable() for character in api_url):
        return "api_url contains whitespace or control characters: give the API's base URL, such as https://api.redislabs.com/v1"
    try:
        parts = urlsplit(api_url)
        host = parts.hostname or ""
        _port = parts.port  # read only to raise ValueError on a port that is not a number
    except ValueError:
        return "api_url is not a valid URL (check its host and port), such as https://api.redislabs.com/v1"
    if "@" in parts.netloc:
        return ("api_url must not contain credentials (user:password@host): they would be sent as Basic auth and shown in logs. "
                "Give the keys in api_key and api_secret_key; nothing was sent")
    if parts.scheme not in ("https", "http") or not host:
        return f"api_url must be an https:// URL such as https://api.redislabs.com/v1 (got scheme {printable(parts.scheme, 20)!r})"
    if parts.query or parts.fragment or "?" in api_url or "#" in api_url:
        return "api_url must not have a query (?) or a fragment (#): give the API's base URL, such as https://api.redislabs.com/v1"
    if parts.scheme == "http" and not is_loopback(host):
        return (
            f"api_url uses plain http:// to {printable(host, 100)}, which would send the API keys unencrypted; "
            "use https://, or http:// only to a loopback host (127.0.0.1, ::1, localhost)"
        )
    return None


def credential_problem(option: str, value: Any) -> str | None:
    """Why a key cannot be sent, naming the option and never the value; None when it can (or is missing)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not HEADER_SAFE.match(value.strip()):
        return (
            f"{option} contains a character that an HTTP header cannot carry (a space, a line break, a control or "
            "non-ASCII character inside the key). Check how the key was copied; the value is not shown"
        )
    return None


def path_problem(path: Any) -> str | None:
    """Why ``path`` must not be sent, or None. A safety net: callers validate the ids they put in paths."""
    if not isinstance(path, str) or not path.startswith("/"):
        return "it is not a path below api_url"
    if any(not character.isprintable() or character.isspace() for character in path):
        return "it contains whitespace or control characters"
    for part in UNSAFE_PATH_PARTS:
        if part in path:
            return f"it contains {part!r}"
    if any(segment in (".", "..") for segment in path.split("/")):
        return "it contains a '..' or '.' segment"
    return None


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_user_agent() -> str:
    requests_version = requests.__version__ if HAS_REQUESTS else "unknown"
    return f"{COLLECTION_NAME}/{COLLECTION_VERSION} (ansible-core/{ANSIBLE_CORE_VERSION}) python-requests/{requests_version}"


class RedisCloudClient:
    """One API endpoint with one key pair. Every method returns parsed JSON or raises a RedisCloudError.

    ``deadline`` is anything with ``remaining() -> float`` (seconds), such as the
    module's ``waiter.Deadline``; it can also be set later as ``client.deadline``.
    Every attempt and every wait of a request is capped by what it leaves.
    """

    def __init__(
        self,
        api_url: str,
        api_key: str,
        api_secret_key: str,
        validate_certs: bool = True,
        timeout: float = 30,
        user_agent: str | None = None,
        retries: RetryPolicy | int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        ca_path: str | None = None,
        deadline: Any = None,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        secrets: tuple[str, ...] = (),
        max_rate_limited_seconds: float | None = None,
    ) -> None:
        # The keys, and the caller's other secrets (a database password): redacted from every answer before it is parsed.
        self._secrets: tuple[str, ...] = (api_key, api_secret_key, *secrets)
        problem = check_api_url(api_url) or credential_problem("api_key", api_key) or credential_problem("api_secret_key", api_secret_key)
        if problem:
            raise RedisCloudError(problem).redact(self._secrets)
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.deadline = deadline
        self.max_answer_bytes = max_answer_bytes
        self.request_count = 0
        self.last_request: str | None = None
        # Size of the last answer read, for callers that bound what they keep (a paged listing).
        self.last_answer_bytes = 0
        # How long one request may be refused with 429 before it fails (None: as long as the deadline allows).
        self.max_rate_limited_seconds = max_rate_limited_seconds
        self.pacer = RateLimitPacer(sleep=sleep, clock=clock)
        self._clock = clock
        if not isinstance(retries, RetryPolicy):
            retries = RetryPolicy() if retries is None else RetryPolicy(total=retries)
        self.retry_policy = retries
        self._sleep = sleep
        # Passed on every request: a session's verify loses to REQUESTS_CA_BUNDLE (psf/requests#3829).
        self._verify: bool | str = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        # Plain http:// goes only to loopback: never through a proxy from the environment.
        self._proxies = NO_PROXIES if urlsplit(self.api_url).scheme == "http" else None
        adapter = HTTPAdapter(max_retries=0)  # one attempt per call: the retries are ours, bounded by the deadline
        self._session = requests.Session()
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        self._session.headers.update(
            {
                "x-api-key": api_key.strip(),
                "x-api-secret-key": api_secret_key.strip(),
                "Accept": "application/json",
                "Accept-Encoding": "identity",
                "User-Agent": user_agent or default_user_agent(),
            }
        )

    def __repr__(self) -> str:
        return f"RedisCloudClient(api_url={self.api_url!r})"

    @property
    def secrets(self) -> tuple[str, ...]:
        """The keys and the other secrets given, for redaction by the caller (never for display)."""
        return self._secrets

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self._request("GET", path, params=params)

    def get_or_none(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """Like get(), but None when the API answers 404 (and only then: a 200 whose body is null is an error)."""
        return self._request("GET", path, params=params, none_on_404=True)

    def post(self, path: str, body: Any) -> Any:
        return self._request("POST", path, body=body)

    def put(self, path: str, body: Any) -> Any:
        return self._request("PUT", path, body=body)

    def delete(self, path: str) -> Any:
        return self._request("DELETE", path)

    def close(self) -> None:
        self._session.close()

    # the request loop ----------------------------------------------------------------------------

    def _request(self, method: str, path: str, params: dict[str, Any] | None = None, body: Any = None, none_on_404: bool = False) -> Any:
        try:
            problem = path_problem(path)
            if problem:
                raise RedisCloudError(
                    f"{method} {printable(str(path), 200)!r} was not sent: {problem}. An id in it is not what the API gives "
                    "(this is a safety net: the answer that carried it is wrong)",
                    method=method,
                    path=printable(str(path), 200),
                )
            self.last_request = f"{method} {path}"
            return self._send_with_retries(method, path, params, body, none_on_404)
        except RedisCloudError as exc:
            raise exc.redact(self._secrets) from None

    def _send_with_retries(self, method: str, path: str, params: dict[str, Any] | None, body: Any, none_on_404: bool) -> Any:
        retries = refusals = 0
        refused_since = 0.0
        while True:
            self.pacer.before_request(at_most=max(self._time_left(), 0.0))
            try:
                answer = self._attempt(method, path, params, body)
                self.pacer.after_response(answer.headers)
                if answer.status == RATE_LIMITED:
                    refusals += 1
                    refused_since = self._clock() if refusals == 1 else refused_since
                    self._wait_out_rate_limit(method, path, answer, refusals, self._clock() - refused_since)
                    continue
                if answer.status in RETRY_STATUSES and method == "GET":
                    retries += 1
                    self._wait_before_retry(retries, self._http_error(method, path, answer), answer.headers)
                    continue
                return self._result(method, path, answer, none_on_404)
            except _Fault as fault:
                if fault.final or not (fault.never_sent or (fault.retry_read and method == "GET")):
                    raise fault.error from None
                retries += 1
                self._wait_before_retry(retries, fault.error, None)

    def _wait_before_retry(self, retries: int, error: RedisCloudError, headers: Any) -> None:
        """Sleep before retry number ``retries`` of a transient fault, or raise ``error`` when none is left."""
        if retries > self.retry_policy.total:
            if self.retry_policy.total and error.status is None and not isinstance(error, MalformedResponseError):
                error.message = f"{error.method} {error.path} failed after retries: {_reason_of(error)}"
                error.args = (error.message,)
            raise error
        left = self._time_left()
        if left <= 0:
            error.message += " (not retried: the run's wait_timeout is used up)"
            error.args = (error.message,)
            raise error
        self._sleep(min(self.retry_policy.transient_wait(retries, headers), left))

    def _wait_out_rate_limit(self, method: str, path: str, answer: Answer, refusals: int, refused_for: float) -> None:
        """A 429 is a refusal (nothing was done): wait as asked, or the rest of the window, each wait at least twice
        the last one, within the deadline and within ``max_rate_limited_seconds`` of the first refusal (without a
        deadline, at most MAX_REFUSALS_WITHOUT_DEADLINE times, as the official Go client does)."""
        left = self._time_left()
        if left <= 0:
            raise self._http_error(method, path, answer, note="still rate limited when the run's wait_timeout ran out")
        if self.deadline is None and refusals > MAX_REFUSALS_WITHOUT_DEADLINE:
            raise self._http_error(method, path, answer, note=f"still rate limited after {MAX_REFUSALS_WITHOUT_DEADLINE} waits")
        bound = self.max_rate_limited_seconds
        if bound is not None:
            if refused_for >= bound:
                raise self._http_error(method, path, answer, note=(
                    f"still rate limited after {refused_for:.0f} s; a read that is not part of a wait gives up after {bound:g} s"))
            left = min(left, bound - refused_for)
        wait = RetryPolicy.rate_limited_wait(answer.headers, self.pacer.rest_of_window(), refusals)
        self._sleep(min(wait, left))

    def _time_left(self) -> float:
        if self.deadline is None:
            return math.inf
        remaining = float(self.deadline.remaining())
        return remaining if math.isfinite(remaining) or remaining > 0 else 0.0

    # one attempt ---------------------------------------------------------------------------------

    def _attempt(self, method: str, path: str, params: dict[str, Any] | None, body: Any) -> Answer:
        """Send once and read the answer, all within the attempt's budget (a worker thread does the I/O, so
        that no server can hold the module past it, whatever it sends and however slowly)."""
        left = self._time_left()
        budget = min(self.timeout, max(left, LAST_ATTEMPT_SECONDS))
        outcome: dict[str, Any] = {}
        cancelled = threading.Event()
        worker = threading.Thread(
            target=self._exchange, args=(method, path, params, body, budget, outcome, cancelled), name="rediscloud-request", daemon=True
        )
        self.request_count += 1
        worker.start()
        worker.join(budget + JOIN_SLACK_SECONDS)
        if worker.is_alive():
            cancelled.set()
            raise self._no_answer(method, path, f"no complete answer within {round(budget, 1):g} s", final=budget < self.timeout)
        if "error" in outcome:
            raise self._fault(method, path, outcome["error"]) from None
        return outcome["answer"]

    def _exchange(self, method: str, path: str, params: dict[str, Any] | None, body: Any, budget: float,
                  outcome: dict[str, Any], cancelled: threading.Event) -> None:
        try:
            response = self._session.request(
                method,
                self.api_url + path,
                params=params,
                json=body if method in ("POST", "PUT") else None,
                timeout=(budget, budget),
                allow_redirects=False,
                verify=self._verify,
                proxies=self._proxies,
                stream=True,
            )
        except BaseException as exc:  # pylint: disable=broad-exception-caught  # handed to the caller's thread
            outcome["error"] = exc
            return
        try:
            outcome["answer"] = self._read(response, cancelled)
        except BaseException as exc:  # pylint: disable=broad-exception-caught
            outcome["error"] = exc
        finally:
            response.close()

    def _read(self, response: Any, cancelled: threading.Event) -> Answer:
        """The answer's body, as a stream, never more than the limit; redirects are not read at all."""
        status, reason, headers = response.status_code, response.reason or "", response.headers
        if 300 <= status < 400:
            return Answer(status, reason, headers, b"")
        encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding != "identity":  # we asked for identity: a compressed answer could inflate without bound
            return Answer(status, reason, headers, b"", encoded=True)
        limit = self.max_answer_bytes if status < 400 else MAX_ERROR_BODY_BYTES
        declared = _int_or_none(headers.get("Content-Length"))
        if declared is not None and declared > limit and status < 400:
            return Answer(status, reason, headers, b"", oversize=True)
        chunks: list[bytes] = []
        size = 0
        while not cancelled.is_set():
            chunk = response.raw.read(READ_CHUNK_BYTES, decode_content=False)
            if not chunk:
                response.raw.release_conn()  # read to its end: the connection can serve the next request
                return Answer(status, reason, headers, b"".join(chunks))
            size += len(chunk)
            if size > limit:
                if status < 400:
                    return Answer(status, reason, headers, b"", oversize=True)
                chunks.append(chunk)
                return Answer(status, reason, headers, b"".join(chunks)[:limit])
            chunks.append(chunk)
        return Answer(status, reason, headers, b"")

    # outcomes ------------------------------------------------------------------------------------

    def _fault(self, method: str, path: str, exc: BaseException) -> _Fault:
        """Classify what went wrong in an attempt: what to tell the user, and whether to try again."""
        reason = _short_reason(exc)
        if _is_tls_failure(exc):
            return _Fault(self._tls_error(method, path, exc), retry_read=False, final=True)
        if _never_connected(exc):
            return _Fault(ApiRequestError(f"{method} {path} failed: {reason}", method=method, path=path), retry_read=True, never_sent=True)
        if isinstance(exc, (requests.exceptions.ReadTimeout, ReadTimeoutError, TimeoutError)):
            return self._no_answer(method, path, f"no answer within {self.timeout:g} s (api_timeout; {reason})")
        if isinstance(exc, (requests.exceptions.ChunkedEncodingError, ProtocolError)) and _answer_started(exc):
            return _Fault(
                MalformedResponseError(f"{method} {path}: the answer was cut off before its end ({type(exc).__name__})", method=method, path=path),
                retry_read=True,
            )
        if isinstance(exc, (requests.exceptions.ConnectionError, ProtocolError, ConnectionError)):
            return self._no_answer(method, path, reason)
        # Anything else is not a network fault (a header or URL requests refuses, a local error): do not retry.
        return _Fault(ApiRequestError(f"{method} {path} was not completed: {reason}", method=method, path=path), retry_read=False, final=True)

    @staticmethod
    def _no_answer(method: str, path: str, reason: str, final: bool = False) -> _Fault:
        if method in WRITE_METHODS:
            error = ApiRequestError(
                f"{method} {path}: the connection was lost before the answer arrived ({reason}). The request may have been "
                "acted on, so it was not sent again: check the account's tasks (rediscloud.api.redis_cloud_task_info) "
                "before re-running.",
                method=method,
                path=path,
            )
        else:
            error = ApiRequestError(f"{method} {path} failed: {reason}", method=method, path=path)
        return _Fault(error, retry_read=True, final=final)

    def _tls_error(self, method: str, path: str, exc: BaseException) -> ApiRequestError:
        host = urlsplit(self.api_url).hostname
        detail = _ssl_reason(exc)
        if self._verify is False:
            advice = "The TLS handshake failed although certificate checks are off (validate_certs: false)."
        else:
            advice = (
                "If the API is reached through a private or corporate CA, give its certificate in ca_path (or REQUESTS_CA_BUNDLE); "
                "validate_certs: false turns the check off, for test endpoints only."
            )
        return ApiRequestError(
            f"{method} {path}: the TLS connection to {host} failed: {detail}. {advice} Not retried: it would fail the same way.",
            method=method,
            path=path,
            error_type="TLS_ERROR",
        )

    def _result(self, method: str, path: str, answer: Answer, none_on_404: bool) -> Any:
        if 300 <= answer.status < 400:
            raise self._redirect_error(method, path, answer)
        if answer.status == NOT_FOUND and none_on_404:
            return None
        if answer.status >= 400:
            raise self._http_error(method, path, answer)
        if answer.oversize:
            raise MalformedResponseError(
                f"{method} {path}: HTTP {answer.status} answer is larger than {_size(self.max_answer_bytes)}, far above any real "
                "answer; it was not read further",
                status=answer.status,
                method=method,
                path=path,
            )
        if answer.encoded:
            raise MalformedResponseError(
                f"{method} {path}: HTTP {answer.status} answer is compressed (Content-Encoding) although none was asked for; not read",
                status=answer.status,
                method=method,
                path=path,
            )
        self.last_answer_bytes = len(answer.content)
        parsed = _parse_json(method, path, answer, self._secrets)
        if parsed is None and none_on_404 and answer.status != NO_CONTENT:
            # None means "404" to the caller; no answer the collection reads is a bare null.
            raise MalformedResponseError(f"{method} {path}: HTTP {answer.status} answer is null, not an object", status=answer.status,
                                         method=method, path=path)
        return parsed

    def _redirect_error(self, method: str, path: str, answer: Answer) -> ApiRequestError:
        location = answer.headers.get("Location")
        api_host = _host_of(self.api_url)
        try:
            target = _host_of(urljoin(self.api_url + "/", location)) if location else None
        except ValueError:
            target = None
        if not location:
            where = "with no Location"
        elif target == api_host:
            where = "to the same host"
        else:
            where = f"to another host, {target or 'unknown'}"
        return ApiRequestError(
            f"{method} {path}: the API answered HTTP {answer.status}, a redirect {where}. Redirects are never followed, so nothing "
            f"was sent there and the keys went only to {api_host}. Check api_url (the API is https://api.redislabs.com/v1).",
            status=answer.status,
            method=method,
            path=path,
            error_type="REDIRECT",
        )

    def _http_error(self, method: str, path: str, answer: Answer, note: str | None = None) -> ApiRequestError:
        # Whole forms only: a piece taken from the raw body could leave the rest of an escaped form readable;
        # pieces (a server's cut of an echo) go when the failure is returned (RedisCloudModule.fail).
        text = redact_text(answer.content.decode("utf-8", errors="replace"), self._secrets, pieces=False) or ""
        error_type, _status_text, description = parse_error_body(text)
        detail = ": ".join(part for part in (error_type, description) if part) or printable(answer.reason) or "no details"
        hint = STATUS_HINTS.get(answer.status)
        message = f"{method} {path} failed: HTTP {answer.status}: {detail}" + (f". {hint}" if hint else "") + (f" ({note})" if note else "")
        return ApiRequestError(message, status=answer.status, error_type=error_type, description=description, method=method, path=path)


# What a person can do about the statuses whose cause is on the caller's side.
STATUS_HINTS = {
    401: "Check api_key and api_secret_key (or REDISCLOUD_ACCESS_KEY and REDISCLOUD_SECRET_KEY): the API refused these credentials.",
    429: "The account's API rate limit (400 requests per minute per key, shared by every pipeline using the key) was exceeded.",
}


# A page this small that is not JSON (a gateway's or proxy's error page with status 200) is a transient
# fault a read may retry; a larger one is not a glitch, and is read once only.
SMALL_PAGE_BYTES = 64 * 1024


def _parse_json(method: str, path: str, answer: Answer, secrets: tuple[str, ...]) -> Any:
    """The answer's JSON. JSON that stops short (a body cut off on its way) and a small page that is not JSON
    (a gateway's error page) are transient faults a read may retry; a large answer that is not JSON fails at once."""
    if answer.status == 204 or (not answer.content and method == "DELETE"):
        return None
    not_json = False
    try:
        text = answer.content.decode("utf-8")
        parsed = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip()):
            raise _Fault(MalformedResponseError(
                f"{method} {path}: the answer was cut off before its end (HTTP {answer.status}, its JSON stops short)",
                status=answer.status, method=method, path=path,
            ), retry_read=True) from None
        not_json = True
    except (ValueError, RecursionError):  # not UTF-8, NaN, a number out of range, nesting too deep: JSON gone wrong
        pass
    else:
        if nesting_depth(parsed) > MAX_ANSWER_DEPTH:
            raise MalformedResponseError(
                f"{method} {path}: HTTP {answer.status} answer is nested more than {MAX_ANSWER_DEPTH} levels deep, far deeper than "
                "any answer of the API (they nest under 10); it was not read further",
                status=answer.status, method=method, path=path,
            )
        return parsed
    excerpt = redact_text(answer.content[:400].decode("utf-8", errors="replace"), secrets, pieces=False) or ""
    error = MalformedResponseError(
        f"{method} {path}: HTTP {answer.status} answer is not valid JSON (starts with {printable(excerpt, 120)!r})",
        status=answer.status,
        method=method,
        path=path,
    )
    if not_json and len(answer.content) <= SMALL_PAGE_BYTES:
        raise _Fault(error, retry_read=True) from None
    raise error


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (iterative: no depth can raise RecursionError)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((inner, depth + 1) for inner in (item.values() if isinstance(item, dict) else item))
    return deepest


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _size(count: int) -> str:
    mebibyte = 1024 * 1024
    return f"{count // mebibyte} MiB" if count % mebibyte == 0 else f"{count} bytes"


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _host_of(url: str) -> str | None:
    """host:port of a URL (default port filled in), without any user-info, only the characters a host name has."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    host = re.sub(r"[^A-Za-z0-9.:_-]", "?", host)[:100]
    if not host:
        return None
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port else host


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what it wraps (requests wraps urllib3 errors in args[0] and .reason)."""
    seen: list[BaseException] = []
    current: Any = exc
    while isinstance(current, BaseException) and current not in seen and len(seen) < 10:
        seen.append(current)
        inner = getattr(current, "reason", None)
        if not isinstance(inner, BaseException) and current.args and isinstance(current.args[0], BaseException):
            inner = current.args[0]
        current = inner or current.__context__
    return seen


def _is_tls_failure(exc: BaseException) -> bool:
    return any(isinstance(cause, (requests.exceptions.SSLError, Urllib3SSLError, ssl.SSLError)) for cause in _causes(exc))


def _never_connected(exc: BaseException) -> bool:
    """True when no connection was made (refused, unresolvable, connect timeout), so nothing reached the API."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    return any(isinstance(cause, ConnectTimeoutError) for cause in _causes(exc))  # urllib3's NewConnectionError is a subclass


def _answer_started(exc: BaseException) -> bool:
    """True for a body cut off after the status line (not for a connection dropped before any answer)."""
    text = str(exc)
    return isinstance(exc, requests.exceptions.ChunkedEncodingError) or "IncompleteRead" in text or "InvalidChunkLength" in text


def _short_reason(exc: BaseException) -> str:
    text = printable(str(exc), 300)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _reason_of(error: RedisCloudError) -> str:
    """The part of a network error's message after 'failed: ' (its cause)."""
    marker = " failed: "
    return error.message.split(marker, 1)[1] if marker in error.message else error.message


def _ssl_reason(exc: BaseException) -> str:
    match = SSL_REASON.search(str(exc))
    return printable(match.group(0), 200).rstrip(" .") if match else type(exc).__name__
