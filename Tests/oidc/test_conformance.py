"""The OpenID Foundation's Basic OP and Config OP checks, mirrored (their suite needs Docker and
Java 21, which cannot run here): each sends what the conformance test sends and checks what it
checks, with a real sign-in through Homeroom's pages."""
import base64, hashlib, time
import urllib.parse

import requests
from authlib.common.security import generate_token

from conftest import APP, BASE


def authorization_url(client_id, **parameters):
    verifier = generate_token(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = {"client_id": client_id, "redirect_uri": APP, "response_type": "code", "scope": "openid", "state": "s1",
             "code_challenge": challenge, "code_challenge_method": "S256", **parameters}
    return BASE + "/oauth2/authorize?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None}), verifier


def callback_query(location):
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(location).query).items()}


def exchange(server, code, verifier, name="basic"):
    registered = server["clients"][name]
    return requests.post(BASE + "/oauth2/token", data={"grant_type": "authorization_code", "code": code, "redirect_uri": APP,
                                                       "code_verifier": verifier},
                         auth=(registered["client_id"], registered["client_secret"]))


def basic_id(server):
    return server["clients"]["basic"]["client_id"]


def test_missing_response_type_goes_back_as_invalid_request(server, person):
    person.sign_in()
    url, _ = authorization_url(basic_id(server), response_type=None)
    assert callback_query(person.follow(url, APP))["error"] == "invalid_request"


def test_unregistered_redirect_uri_shows_an_error_page_and_never_redirects(server, person):
    url, _ = authorization_url(basic_id(server), redirect_uri="https://evil.example.org/callback")
    response = person.session.get(url, allow_redirects=False)
    assert response.status_code == 400 and "evil" not in response.headers.get("location", "")


def test_unknown_client_shows_an_error_page(server, person):
    response = person.session.get(authorization_url("nobody")[0], allow_redirects=False)
    assert response.status_code == 400


def test_code_reuse_is_refused_and_revokes_the_first_tokens(server, person):
    person.sign_in()
    url, verifier = authorization_url(basic_id(server))
    code = callback_query(person.follow(url, APP))["code"]
    first = exchange(server, code, verifier)
    assert first.status_code == 200
    again = exchange(server, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    userinfo = requests.get(BASE + "/oauth2/userinfo", headers={"Authorization": "Bearer " + first.json()["access_token"]})
    assert userinfo.status_code == 401


def test_prompt_none_when_signed_out_answers_login_required(server, person):
    url, _ = authorization_url(basic_id(server), prompt="none")
    assert callback_query(person.follow(url, APP))["error"] == "login_required"


def test_prompt_none_when_signed_in_gives_a_code(server, person):
    person.sign_in()
    url, _ = authorization_url(basic_id(server), prompt="none")
    assert "code" in callback_query(person.follow(url, APP))


def test_prompt_login_asks_for_a_new_sign_in(server, person):
    person.sign_in()
    url, _ = authorization_url(basic_id(server), prompt="login")
    assert person.follow(url, APP).status_code == 200  # the landing page, not the app
    assert "code" in callback_query(person.authorize(url))


def test_max_age_forces_a_new_sign_in_with_a_later_auth_time(server, person):
    person.sign_in()
    url, verifier = authorization_url(basic_id(server))
    first = exchange(server, callback_query(person.follow(url, APP))["code"], verifier).json()
    time.sleep(2.1)
    url, verifier = authorization_url(basic_id(server), max_age="1")
    assert person.follow(url, APP).status_code == 200
    second = exchange(server, callback_query(person.authorize(url))["code"], verifier).json()
    assert claims(second["id_token"])["auth_time"] > claims(first["id_token"])["auth_time"]


def claims(id_token):
    payload = id_token.split(".")[1]
    import json
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_no_nonce_works_for_the_code_flow(server, person):
    person.sign_in()
    url, verifier = authorization_url(basic_id(server))
    token = exchange(server, callback_query(person.follow(url, APP))["code"], verifier)
    assert token.status_code == 200 and "nonce" not in claims(token.json()["id_token"])


def test_unknown_parameters_are_ignored(server, person):
    person.sign_in()
    url, _ = authorization_url(basic_id(server), color="blue")
    assert "code" in callback_query(person.follow(url, APP))


def test_request_objects_are_refused(server, person):
    url, _ = authorization_url(basic_id(server), request="eyJhbGciOiJub25lIn0.e30.")
    assert callback_query(person.follow(url, APP))["error"] == "request_not_supported"


def test_a_wrong_pkce_verifier_is_refused(server, person):
    person.sign_in()
    url, _ = authorization_url(basic_id(server))
    response = exchange(server, callback_query(person.follow(url, APP))["code"], generate_token(64))
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_plain_pkce_is_refused(server, person):
    person.sign_in()
    url, _ = authorization_url(basic_id(server), code_challenge_method="plain")
    assert callback_query(person.follow(url, APP))["error"] == "invalid_request"


def test_scopes_select_the_claims(server, person):
    person.sign_in()
    url, verifier = authorization_url(basic_id(server), scope="openid")
    only = claims(exchange(server, callback_query(person.follow(url, APP))["code"], verifier).json()["id_token"])
    assert "email" not in only and "preferred_username" not in only and "role" not in only
    url, verifier = authorization_url(basic_id(server), scope="openid email")
    with_email = claims(exchange(server, callback_query(person.follow(url, APP))["code"], verifier).json()["id_token"])
    assert "email" in with_email and "preferred_username" not in with_email


def test_an_app_limited_to_staff_is_not_available_to_a_student(server, person):
    person.sign_in()
    url, _ = authorization_url(server["clients"]["staff"]["client_id"])
    response = person.follow(url, APP)
    assert not isinstance(response, str) and response.status_code == 403


def test_token_endpoint_wants_client_authentication(server):
    response = requests.post(BASE + "/oauth2/token", data={"grant_type": "authorization_code", "code": "x", "redirect_uri": APP})
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert "WWW-Authenticate" in response.headers and response.headers["Cache-Control"] == "no-store"


def test_a_wrong_client_secret_is_refused(server):
    response = requests.post(BASE + "/oauth2/token", data={"grant_type": "authorization_code", "code": "x", "redirect_uri": APP},
                             auth=(basic_id(server), "not the secret"))
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_an_unknown_grant_type_is_named(server):
    registered = server["clients"]["basic"]
    response = requests.post(BASE + "/oauth2/token", data={"grant_type": "password"},
                             auth=(registered["client_id"], registered["client_secret"]))
    assert response.status_code == 400 and response.json()["error"] == "unsupported_grant_type"


def test_userinfo_without_a_token_says_bearer(server):
    response = requests.get(BASE + "/oauth2/userinfo")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
