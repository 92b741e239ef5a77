"""An app process sets its long-lived objects aside from the garbage collector, at start and
once it has served its first requests, and serves every request meanwhile."""

import gc

from directory import warm


def test_settling_freezes_what_the_process_has_made_so_far():
    gc.unfreeze()
    warm.settle()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


def test_the_application_settles_again_after_its_first_requests(monkeypatch):
    settled = []
    monkeypatch.setattr(warm, "settle", lambda: settled.append(True))
    monkeypatch.setattr(warm, "SETTLE_AGAIN_AFTER", 3)

    def page(environ, start_response):
        start_response("200 OK", [])
        return [environ["PATH_INFO"].encode()]

    application = warm.Settling(page)
    bodies = [application({"PATH_INFO": f"/{n}"}, lambda *args: None) for n in range(5)]
    assert bodies == [[f"/{n}".encode()] for n in range(5)]
    assert len(settled) == 2  # at start, and after the third request
