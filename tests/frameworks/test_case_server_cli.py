"""``pbl-author frameworks import URL`` against the test's own CASE server on 127.0.0.1."""

from __future__ import annotations

from pbl_author.frameworks.store import FrameworkStore

from .test_case_client import PACKAGE_ID, server  # noqa: F401  (the server fixture)


def test_import_a_package_from_a_case_server(server, tmp_path, cli):  # noqa: F811
    base, _ = server
    store = tmp_path / "store"
    url = f"{base}/ims/case/v1p1/CFPackages/{PACKAGE_ID}"
    result = cli("frameworks", "import", url, "--store", str(store), "--id", "quirks")
    assert result.code == 0, result.err
    assert result.out.startswith("imported 'quirks': ")
    assert "note: " in result.out
    assert FrameworkStore(store).load("quirks").items


def test_a_listing_address_lists_the_frameworks_to_choose_from(server, tmp_path, cli):  # noqa: F811
    base, _ = server
    store = tmp_path / "store"
    result = cli("frameworks", "import", f"{base}/ims/case/v1p1/CFDocuments", "--store", str(store))
    assert result.code == 2
    assert "Science practices" in result.out
    assert f"{base}/ims/case/v1p1/CFPackages/11111111-1111-4111-8111-111111111111" in result.out
    assert "choose one" in result.err
    assert not store.exists()


def test_an_unknown_package_is_a_clear_error(server, tmp_path, cli):  # noqa: F811
    base, _ = server
    url = f"{base}/ims/case/v1p1/CFPackages/nope"
    result = cli("frameworks", "import", url, "--store", str(tmp_path / "store"))
    assert result.code == 2
    assert result.err.strip() == f"{url}: the CASE server has no package with id 'nope' (HTTP 404)"
    assert "Traceback" not in result.err
