"""Our client of Pagefind's service: every request gets its own response, as soon as the
service gives it, and the service's errors (even for a request it could not parse) fail the
request they answer instead of leaving it waiting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from normkit.outputs.site.pagefind_service import PagefindService, ServiceError, pagefind_binary


@pytest.fixture
def service() -> Iterator[PagefindService]:
    running = PagefindService()
    yield running
    running.close()


def _page(index_id: int, number: int) -> dict[str, object]:
    html = f"<html><body><h1>Page {number}</h1><p>word{number}</p></body></html>"
    return {
        "type": "AddFile",
        "index_id": index_id,
        "url": f"/page-{number}/",
        "file_contents": html,
        "file_path": None,
    }


def test_each_request_gets_its_response(service: PagefindService) -> None:
    index_id = service.request({"type": "NewIndex", "config": None})["index_id"]
    pending = [service.send(_page(index_id, number)) for number in range(200)]
    urls = [future.result(timeout=120)["page_url"] for future in pending]
    assert urls == [f"/page-{number}/" for number in range(200)]


def test_errors_fail_the_request_they_answer(service: PagefindService) -> None:
    with pytest.raises(ServiceError, match="unknown variant `Nonsense`"):
        service.request({"type": "Nonsense"})  # not parsed: the error names the request
    with pytest.raises(ServiceError, match="Invalid index"):
        service.request(_page(12345, 1))
    index_id = service.request({"type": "NewIndex", "config": None})["index_id"]
    assert service.request(_page(index_id, 1))["page_url"] == "/page-1/"


def test_a_stopped_service_fails_what_is_waiting(service: PagefindService) -> None:
    service.process.kill()
    with pytest.raises(ServiceError):
        service.send({"type": "NewIndex", "config": None}).result(timeout=60)


def test_the_binary_is_the_one_the_pagefind_package_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    from pagefind.service import get_executable

    assert pagefind_binary() == get_executable()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/opt/elsewhere/pagefind")
    assert pagefind_binary() == get_executable()
