"""A local HTTP server that answers like the scholarly APIs, with the recorded responses of
`tests/samples/`: harvests in tests (and in a worker a test starts) never reach the network.

Each API gets its own base URL on the server (`…/dblp`, `…/openalex`…), which the
HARVEST_*_URL settings point at; the paths after it are the APIs' own.
"""

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SAMPLES = Path(__file__).parent / "samples"
APIS = {
    "dblp": "HARVEST_DBLP_URL",
    "openalex": "HARVEST_OPENALEX_URL",
    "orcid": "HARVEST_ORCID_URL",
    "crossref": "HARVEST_CROSSREF_URL",
    "arxiv": "HARVEST_ARXIV_URL",
}


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def sample_json(name: str):
    return json.loads(sample(name))


@dataclass
class Answer:
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    # Seconds to wait before answering, or between chunks when `chunks` is given.
    delay: float = 0.0
    chunks: int = 0


class RecordedServer:
    """Answers GET requests by path (and, when a route names them, query parameters); every
    request is kept in `asked` as (path, query, headers)."""

    def __init__(self):
        self.routes: list[tuple[str, dict, object]] = []
        self.asked: list[tuple[str, dict, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                server.asked.append((parts.path, query, dict(self.headers)))
                answer = server.answer(parts.path, query)
                self.send_response(answer.status)
                headers = {
                    "Content-Type": "application/json",
                    "Content-Length": str(len(answer.body)),
                    **answer.headers,
                }
                for name, value in headers.items():
                    # None leaves a header out: an answer of unknown length, say.
                    if value is not None:
                        self.send_header(name, value)
                self.end_headers()
                server.write(self.wfile, answer)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def base_urls(self) -> dict[str, str]:
        """The HARVEST_*_URL settings that send each API's requests here."""
        return {setting: f"{self.url}/{api}" for api, setting in APIS.items()}

    def add(self, path: str, answer, **query):
        """Answer `path` (with the `query` parameters, if given) with `answer`: an Answer, bytes,
        a JSON-able object, or a function of (path, query) returning one of those. A path
        ending with "/" answers every path it starts. The latest route added wins."""
        self.routes.insert(0, (path, query, answer))

    def answer(self, path: str, query: dict) -> Answer:
        for route_path, wanted, answer in self.routes:
            matches = (
                path.startswith(route_path) if route_path.endswith("/") else path == route_path
            )
            if matches and all(query.get(k) == str(v) for k, v in wanted.items()):
                answer = answer(path, query) if callable(answer) else answer
                if isinstance(answer, Answer):
                    return answer
                if isinstance(answer, bytes):
                    return Answer(answer)
                return Answer(json.dumps(answer).encode())
        return Answer(b'{"error": "not found"}', status=404)

    @staticmethod
    def write(stream, answer: Answer):
        if not answer.chunks:
            time.sleep(answer.delay)
            stream.write(answer.body)
            return
        size = max(1, len(answer.body) // answer.chunks)
        for start in range(0, len(answer.body), size):
            time.sleep(answer.delay)
            try:
                stream.write(answer.body[start : start + size])
                stream.flush()
            except OSError:
                return

    def paths(self, api: str) -> list[str]:
        return [path for path, _query, _headers in self.asked if path.startswith(f"/{api}/")]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# --- The recorded answers of a member's harvest ------------------------------------------------
# Nikita Balagansky's DBLP record; the OpenAlex list response (five works) as the first page of
# an author's works, with a cursor to a second page holding the recorded single work; Stephen
# Eglen's ORCID works list, whose bulk details are the list's own summaries (the recordings
# hold no bulk answer for them); Crossref's record of the SIGMOD paper; arXiv's of 1111.2011.
MEMBER_IDS = {
    "dblp_pid": "318/0989",
    "openalex_id": "A5023888391",
    "orcid": "0000-0001-8607-8025",
}
SECOND_PAGE = "IlsxNjIzMTk2ODAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzMxNzQ0Mjc4MTQnXSI="


def openalex_pages() -> tuple[dict, dict]:
    first = sample_json("works-list-sample-5.json")
    first["meta"] = {**first["meta"], "next_cursor": SECOND_PAGE, "per_page": 200}
    last = {
        "meta": {"count": 6, "per_page": 200, "next_cursor": None},
        "results": [sample_json("work-W3174427814-vector-quotient-filters.json")],
    }
    return first, last


def orcid_bulk(listing: dict, full_works: dict | None = None):
    """The bulk answer ORCID gives for the put-codes asked: each work of `listing` (a /works
    answer), or its full record from `full_works` by put-code; an error for unknown ones."""
    summaries = {
        summary["put-code"]: summary
        for group in listing["group"]
        for summary in group["work-summary"]
    }
    full_works = full_works or {}

    def answer(path: str, query: dict):
        bulk = []
        for code in (int(code) for code in path.rsplit("/", 1)[-1].split(",")):
            work = full_works.get(code) or summaries.get(code)
            bulk.append(
                {"work": work}
                if work
                else {"error": {"response-code": 404, "developer-message": f"{code} not found"}}
            )
        return {"bulk": bulk}

    return answer


def record_member_sources(server: RecordedServer, ids: dict = MEMBER_IDS):
    """Serve the recorded answers of a harvest of a member with `ids`."""
    server.add(
        f"/dblp/pid/{ids['dblp_pid']}.xml",
        Answer(
            sample("person-318-0989-nikita-balagansky.xml"),
            headers={"Content-Type": "application/xml"},
        ),
    )
    first, last = openalex_pages()
    author = f"author.id:{ids['openalex_id']}"
    server.add("/openalex/works", first, filter=author, cursor="*")
    server.add("/openalex/works", last, filter=author, cursor=SECOND_PAGE)
    listing = sample_json("works-0000-0001-8607-8025.json")
    orcid_path = f"/orcid/v3.0/{ids['orcid']}/works"
    server.add(orcid_path, listing)
    server.add(f"{orcid_path}/", orcid_bulk(listing))
    server.add(
        "/crossref/works/10.1145/3448016.3452841", sample("work-10.1145_3448016.3452841.json")
    )
    server.add("/arxiv/api/query", arxiv_answer)


ARXIV_RECORDINGS = (
    "query-id_list-1111.2011v2-2016.atom.xml",
    "query-id_list-astro-ph_0601001-2026.atom.xml",
)


def arxiv_answer(path: str, query: dict) -> Answer:
    """arXiv's feed for `id_list`: the recorded entries of the ids asked, in one feed; ids
    without a recording are left out, as arXiv leaves out ids it does not know."""
    wanted = set(query.get("id_list", "").split(","))
    entries = []
    for name in ARXIV_RECORDINGS:
        text = sample(name).decode()
        for entry in re.findall(r"<entry>.*?</entry>", text, flags=re.DOTALL):
            recorded_id = re.search(r"<id>http://arxiv.org/abs/(.+?)(v\d+)?</id>", entry)
            if recorded_id and recorded_id.group(1) in wanted:
                # The namespaces the entry uses, declared on the entry itself.
                entries.append(entry.replace("<entry>", f"<entry {NAMESPACES}>", 1))
    feed = f'<?xml version="1.0" encoding="UTF-8"?>\n<feed {NAMESPACES}>{"".join(entries)}</feed>'
    return Answer(feed.encode(), headers={"Content-Type": "application/atom+xml"})


NAMESPACES = (
    'xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"'
)
