import pytest


@pytest.mark.parametrize("path", ["/", "/organisations/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_answer(client, db, organisation, path):
    assert client.get(path).status_code == 200
