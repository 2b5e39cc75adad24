"""An app registered with --consent asks each person once; the choice is remembered, and the
person can take it back from the portal."""
import re

from conftest import APP, BASE, refresh_target, token_of
from test_conformance import authorization_url, callback_query


def consent_id(server):
    return server["clients"]["consent"]["client_id"]


def to_consent_page(person, url):
    """Signs in if needed and returns the consent page's response."""
    response = person.follow(url, APP)
    assert not isinstance(response, str), "a code came without consent"
    if "/apps/consent" not in response.url:
        assert person.sign_in() == "/oauth2/authorize/resume"
        response = person.follow(BASE + "/oauth2/authorize/resume", APP)
    assert response.status_code == 200 and "/apps/consent" in response.url
    return response


def decide(person, page, decision):
    fields = {"decision": decision, "csrf_token": token_of(page.text)}
    response = person.session.post(BASE + "/apps/consent", data=fields, allow_redirects=False)
    return refresh_target(response)


def test_the_consent_page_names_the_app_and_what_it_will_know(server, person):
    page = to_consent_page(person, authorization_url(consent_id(server), scope="openid profile")[0])
    assert "Survey app" in page.text and "your name and your username" in page.text


def test_allowing_gives_the_app_a_code_and_is_remembered(server, person):
    url = authorization_url(consent_id(server))[0]
    assert "code" in callback_query(decide(person, to_consent_page(person, url), "allow"))
    assert "code" in callback_query(person.follow(url, APP))


def test_denying_sends_access_denied(server, person):
    page = to_consent_page(person, authorization_url(consent_id(server))[0])
    assert callback_query(decide(person, page, "deny"))["error"] == "access_denied"


def test_taking_consent_back_from_the_portal_asks_again(server, person):
    url = authorization_url(consent_id(server))[0]
    decide(person, to_consent_page(person, url), "allow")
    portal = person.session.get(BASE + "/portal")
    path = re.search(r'action="(/apps/consent/[^"]+/withdraw)"', portal.text).group(1)
    person.session.post(BASE + path, data={"csrf_token": token_of(portal.text)}, allow_redirects=False)
    to_consent_page(person, url)
