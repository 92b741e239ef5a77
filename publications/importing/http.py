"""Asking the scholarly APIs for works, politely and within bounds.

Every request waits for its source's turn (a rate shared by all workers through the cache),
names who asks (`User-Agent` with HARVEST_CONTACT_EMAIL), is retried with backoff on 429 and
5xx answers (honouring `Retry-After`, up to a point), follows redirects only on the same host,
and is given up past an overall deadline or a size cap, however slowly the answer trickles in.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3 import exceptions as urllib3_exceptions
from urllib3.util.retry import Retry

# A person's works list, or one page of it, is well under this; more is not a works list.
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
CONNECT_TIMEOUT_SECONDS = 10
# Longest silence while reading one answer; the whole answer has the request deadline.
READ_TIMEOUT_SECONDS = 20
# A server asking to wait longer than this is retried after this long, then given up.
MAX_RETRY_AFTER_SECONDS = 20
MAX_REDIRECTS = 3
# Retries wait 0, 2, then 4 seconds (urllib3's exponential backoff) unless told otherwise.
RETRIES = 3
BACKOFF_FACTOR = 1.0
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Api:
    """A scholarly API: its name in the rate limits, the name staff read, and the setting that
    holds its base URL (paths after it are the API's own)."""

    key: str
    label: str
    setting: str

    @property
    def base_url(self) -> str:
        return getattr(settings, self.setting).rstrip("/")


DBLP = Api("dblp", "DBLP", "HARVEST_DBLP_URL")
OPENALEX = Api("openalex", "OpenAlex", "HARVEST_OPENALEX_URL")
ORCID = Api("orcid", "ORCID", "HARVEST_ORCID_URL")
CROSSREF = Api("crossref", "Crossref", "HARVEST_CROSSREF_URL")
ARXIV = Api("arxiv", "arXiv", "HARVEST_ARXIV_URL")


class FetchError(Exception):
    """A source could not be read; the message says why, for staff."""


class NotFound(FetchError):
    """The source has no such record (404)."""


class PoliteRetry(Retry):
    """urllib3's retries, with the wait a server asks for (`Retry-After`) capped: a source
    asking for an hour is tried again in 20 seconds, then given up, rather than holding a
    worker for an hour."""

    def get_retry_after(self, response):
        retry_after = super().get_retry_after(response)
        return None if retry_after is None else min(retry_after, MAX_RETRY_AFTER_SECONDS)


def contact_email() -> str:
    return settings.HARVEST_CONTACT_EMAIL


def user_agent() -> str:
    contact = f"; mailto:{contact_email()}" if contact_email() else ""
    return f"institute-member-directory/1.0 (publication harvest{contact})"


def wait_for_turn(api: Api, *, deadline: float) -> None:
    """Sleep until `api` may be asked again at its rate (HARVEST_RATES, requests per second).

    Each request reserves the next free time slot of its source in the cache (an atomic
    `add`), so workers sharing the cache share the rate; slots are 1/rate apart."""
    rate = settings.HARVEST_RATES.get(api.key)
    if not rate:
        return
    interval = 1 / rate
    now = time.time()
    slot = math.floor(now / interval) + 1
    while True:
        start = slot * interval
        if start - now > deadline - time.monotonic():
            raise FetchError(_("too many harvests are asking this source at once; try later"))
        if cache.add(f"harvest-rate:{api.key}:{slot}", 1, timeout=math.ceil(start - now) + 2):
            break
        slot += 1
    time.sleep(max(0.0, start - time.time()))


class HarvestClient:
    """One harvest's connection to the sources. `on_request()`, if given, is called before
    every request: the job's heartbeat."""

    def __init__(self, *, on_request: Callable[[], None] | None = None):
        self.on_request = on_request
        # Seconds spent asking (waits for a turn included), for the benchmark.
        self.seconds = 0.0
        self.requests = 0
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        retry = PoliteRetry(
            total=RETRIES,
            backoff_factor=BACKOFF_FACTOR,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods={"GET"},
            respect_retry_after_header=True,
            raise_on_status=False,
            redirect=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self):
        self.session.close()

    def get(self, api: Api, path: str, *, params: dict | None = None, accept: str) -> bytes:
        """The body of `api`'s answer at `path`, or FetchError saying why not."""
        started = time.monotonic()
        try:
            return self._get(api, path, params=params, accept=accept)
        finally:
            self.seconds += time.monotonic() - started

    def _get(self, api, path, *, params, accept):
        deadline = time.monotonic() + settings.HARVEST_REQUEST_DEADLINE_SECONDS
        url = api.base_url + path
        origin = urlsplit(url)
        for _hop in range(MAX_REDIRECTS + 1):
            if self.on_request is not None:
                self.on_request()
            wait_for_turn(api, deadline=deadline)
            self.requests += 1
            response = self._send(url, params=params, accept=accept, deadline=deadline)
            with response:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("Location", ""))
                    params = None
                    target = urlsplit(url)
                    if target.hostname != origin.hostname or (
                        origin.scheme == "https" and target.scheme != "https"
                    ):
                        raise FetchError(
                            _("the server sent us to another site (%(host)s)")
                            % {"host": target.hostname or url}
                        )
                    continue
                if response.status_code == 404:
                    raise NotFound(_("the server has no such record (error 404)"))
                if response.status_code >= 400:
                    raise FetchError(
                        _("the server answered with error %(code)s")
                        % {"code": response.status_code}
                    )
                return _read_within_bounds(response, deadline=deadline)
        raise FetchError(_("the server redirected us too many times"))

    def _send(self, url, *, params, accept, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(_("no answer within %(seconds)s seconds") % _deadline())
        try:
            return self.session.get(
                url,
                params=params,
                headers={"Accept": accept},
                stream=True,
                allow_redirects=False,
                timeout=(
                    min(CONNECT_TIMEOUT_SECONDS, remaining),
                    min(READ_TIMEOUT_SECONDS, remaining),
                ),
            )
        except requests.Timeout:
            raise FetchError(_("no answer within %(seconds)s seconds") % _deadline()) from None
        except requests.exceptions.RetryError:
            raise FetchError(_("the server kept answering with errors")) from None
        except requests.ConnectionError as error:
            raise FetchError(
                _("could not be reached (%(reason)s)") % {"reason": _reason(error)}
            ) from None
        except requests.RequestException as error:
            raise FetchError(
                _("the connection failed (%(reason)s)") % {"reason": _reason(error)}
            ) from None


def _read_within_bounds(response, *, deadline: float) -> bytes:
    """The whole body, or FetchError once it passes the size cap or the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        raise FetchError(_("the answer is too large to be a list of works"))
    body, size = [], 0
    try:
        # read1: whatever has arrived, so that a trickle is measured against the deadline.
        while chunk := response.raw.read1(CHUNK_BYTES, decode_content=True):
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise FetchError(_("the answer is too large to be a list of works"))
            if time.monotonic() > deadline:
                raise FetchError(_("no answer within %(seconds)s seconds") % _deadline())
            body.append(chunk)
    except urllib3_exceptions.ReadTimeoutError:
        raise FetchError(_("no answer within %(seconds)s seconds") % _deadline()) from None
    except (urllib3_exceptions.HTTPError, OSError) as error:
        raise FetchError(
            _("the connection failed (%(reason)s)") % {"reason": _reason(error)}
        ) from None
    return b"".join(body)


def _deadline() -> dict:
    return {"seconds": settings.HARVEST_REQUEST_DEADLINE_SECONDS}


def _reason(error: Exception) -> str:
    # requests nests the socket's own words several levels deep; the last ones say it best.
    text = str(error.args[0] if error.args else error)
    return text.rsplit(": ", 1)[-1].strip(" ')\"") or error.__class__.__name__
