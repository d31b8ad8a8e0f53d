"""The layout every page shares: title, header, menu, language switcher."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_home_page_title_separates_its_parts(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.endswith(" · Helix")
    assert not title.endswith("DươngHelix")


def test_every_page_title_ends_with_the_separator_and_helix(client):
    for url in ["/", reverse("projects:list"), reverse("organisations:list"), "/accounts/login/"]:
        html = client.get(url).content.decode()
        # The browser collapses white space in a title.
        title = " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())
        assert re.fullmatch(r".+\S · Helix", title), (url, title)


def test_the_menu_folds_behind_a_button_that_needs_no_script(client):
    html = client.get("/").content.decode()

    menu = re.search(r'<details class="site-menu">.*?</details>', html, re.S).group(0)
    assert "<summary" in menu
    assert '<nav class="site-nav"' in menu
    assert 'class="language-switch"' in menu


def test_the_language_switcher_form_has_no_group_role(client):
    html = client.get("/").content.decode()

    form = re.search(r'<form class="language-switch"[^>]*>', html).group(0)
    assert "role=" not in form
    assert re.search(r'<div class="language-switch__buttons" role="group" aria-label="[^"]+"', html)
