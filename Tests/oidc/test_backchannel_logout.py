"""Back-Channel Logout 1.0: when a sign-in ends (the person signs out, a technician ends every
session, a password is reset), each app that registered a back-channel logout URI is sent a
logout token, off the request's path."""
import queue
import subprocess

from authlib.jose import JsonWebKey, jwt

from conftest import BASE, BINARY, ROOT
from test_relying_parties import client, discovery, jwks, sign_in_through, validated

EVENT = "http://schemas.openid.net/event/backchannel-logout"


def logout_token(server, client_id):
    """The next logout token the app's endpoint received, checked against the JWKS."""
    token = server["logout_tokens"].get(timeout=10)
    claims = jwt.decode(token, jwks(), claims_options={"iss": {"essential": True, "value": BASE},
                                                       "aud": {"essential": True, "value": client_id}})
    claims.validate(leeway=5)
    assert EVENT in claims["events"] and "nonce" not in claims
    return claims


def signed_in(server, person):
    session, client_id = client(server, "backchannel")
    token, nonce = sign_in_through(person, session)
    return validated(token, client_id, nonce), client_id


def test_signing_out_of_homeroom_tells_the_app(server, person):
    id_token, client_id = signed_in(server, person)
    person.post("/logout", {}, "/portal")
    claims = logout_token(server, client_id)
    assert claims["sid"] == id_token["sid"] and claims["sub"] == id_token["sub"]


def test_a_technician_ending_every_session_tells_the_app(server, person):
    id_token, client_id = signed_in(server, person)
    subprocess.run([BINARY, "end-sessions", person.username, "--db", server["db"]], cwd=ROOT, check=True, capture_output=True)
    assert logout_token(server, client_id)["sid"] == id_token["sid"]


def test_an_app_without_a_back_channel_is_not_called(server, person):
    session, _ = client(server, "basic")
    sign_in_through(person, session)
    person.post("/logout", {}, "/portal")
    try:
        server["logout_tokens"].get(timeout=2.5)
        assert False, "a logout token was sent for an app without a back channel"
    except queue.Empty:
        pass
