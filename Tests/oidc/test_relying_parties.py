"""Real relying parties against Homeroom: authlib as a confidential client (client_secret_basic and
client_secret_post) and as a public client with PKCE. Each runs discovery, the authorization
through the real two-step sign-in, the code exchange, id_token validation against the JWKS
(signature, iss, aud, exp, nonce, at_hash), userinfo, refresh with rotation, revocation and
RP-initiated logout."""
import time
import urllib.parse

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oidc.core import CodeIDToken

from conftest import APP, BASE, LOGGED_OUT, NATIVE


def discovery():
    return requests.get(BASE + "/.well-known/openid-configuration").json()


def jwks():
    return JsonWebKey.import_key_set(requests.get(discovery()["jwks_uri"]).json())


def client(server, name, **kwargs):
    registered = server["clients"][name]
    method = {"basic": "client_secret_basic", "post": "client_secret_post", "public": "none"}.get(name, "client_secret_basic")
    return OAuth2Session(registered["client_id"], registered.get("client_secret"), token_endpoint_auth_method=method,
                         scope="openid profile email roles", redirect_uri=NATIVE if name == "public" else APP,
                         code_challenge_method="S256", **kwargs), registered["client_id"]


def sign_in_through(person, session, pkce=True, **extra):
    """The whole authorization: returns (token, nonce)."""
    nonce = generate_token(16)
    verifier = generate_token(64) if pkce else None
    url, state = session.create_authorization_url(discovery()["authorization_endpoint"], nonce=nonce,
                                                  code_verifier=verifier, **extra)
    callback = person.authorize(url, redirect_uri=session.redirect_uri)
    assert urllib.parse.parse_qs(urllib.parse.urlparse(callback).query)["state"] == [state]
    token = session.fetch_token(discovery()["token_endpoint"], authorization_response=callback, code_verifier=verifier)
    return token, nonce


def validated(token, client_id, nonce):
    """The id_token's claims, checked by authlib: signature by the JWKS, iss, aud, exp, nonce, at_hash."""
    claims = jwt.decode(token["id_token"], jwks(), claims_cls=CodeIDToken,
                        claims_options={"iss": {"essential": True, "value": BASE}, "aud": {"essential": True, "value": client_id}},
                        claims_params={"nonce": nonce, "client_id": client_id, "access_token": token["access_token"]})
    claims.validate(leeway=5)
    return claims


def test_discovery_lists_what_is_supported():
    document = discovery()
    assert document["issuer"] == BASE
    assert "openid" in document["scopes_supported"] and "RS256" in document["id_token_signing_alg_values_supported"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert all(key.get("kid") for key in requests.get(document["jwks_uri"]).json()["keys"])


def test_confidential_client_with_basic_authentication_signs_a_student_in(server, person):
    session, client_id = client(server, "basic")
    token, nonce = sign_in_through(person, session)
    claims = validated(token, client_id, nonce)
    assert claims["preferred_username"] == person.username and claims["auth_time"] <= time.time()
    assert claims["email"] == person.username + "@students.example.org" and claims["role"] == "student"


def test_confidential_client_with_post_authentication_and_es256(server, person):
    session, client_id = client(server, "post")
    token, nonce = sign_in_through(person, session)
    claims = validated(token, client_id, nonce)
    assert claims.header["alg"] == "ES256"


def test_public_client_with_pkce(server, person):
    session, client_id = client(server, "public")
    token, nonce = sign_in_through(person, session)
    validated(token, client_id, nonce)
    assert "refresh_token" not in token


def test_userinfo_by_get_and_by_post_agree_with_the_id_token(server, person):
    session, client_id = client(server, "basic")
    token, nonce = sign_in_through(person, session)
    claims = validated(token, client_id, nonce)
    by_get = session.get(discovery()["userinfo_endpoint"]).json()
    by_post = session.post(discovery()["userinfo_endpoint"]).json()
    assert by_get == by_post and by_get["sub"] == claims["sub"] and by_get["given_name"] == claims["given_name"]


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_family(server, person):
    session, client_id = client(server, "basic")
    token, _ = sign_in_through(person, session)
    first_refresh = token["refresh_token"]
    renewed = session.refresh_token(discovery()["token_endpoint"], refresh_token=first_refresh)
    assert renewed["refresh_token"] != first_refresh and session.get(discovery()["userinfo_endpoint"]).status_code == 200
    replay = requests.post(discovery()["token_endpoint"], data={"grant_type": "refresh_token", "refresh_token": first_refresh},
                           auth=(client_id, server["clients"]["basic"]["client_secret"]))
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert session.get(discovery()["userinfo_endpoint"]).status_code == 401


def test_revoked_access_token_no_longer_reaches_userinfo(server, person):
    session, _ = client(server, "basic")
    token, _ = sign_in_through(person, session)
    session.revoke_token(discovery()["revocation_endpoint"], token=token["access_token"], token_type_hint="access_token")
    assert session.get(discovery()["userinfo_endpoint"]).status_code == 401


def test_rp_initiated_logout_signs_the_person_out_and_returns_with_state(server, person):
    session, _ = client(server, "basic")
    token, _ = sign_in_through(person, session)
    query = urllib.parse.urlencode({"id_token_hint": token["id_token"], "post_logout_redirect_uri": LOGGED_OUT, "state": "bye"})
    response = person.session.get(discovery()["end_session_endpoint"] + "?" + query, allow_redirects=False)
    assert response.headers["location"] == LOGGED_OUT + "?state=bye"
    assert person.session.get(BASE + "/portal", allow_redirects=False).headers["location"] == "/"
