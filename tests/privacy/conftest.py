import pytest


@pytest.fixture
def client(client):
    """Pages in English unless a test asks for Vietnamese (the site's default)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
