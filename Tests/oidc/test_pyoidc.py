"""A second, independent relying-party library: pyoidc (`oic`) on the happy path, with discovery,
the authorization through the real sign-in, the code exchange with its own id_token checks
(signature by the JWKS, issuer, audience), and userinfo."""
import urllib.parse

from oic import rndstr
from oic.oic import Client
from oic.oic.message import AuthorizationResponse, RegistrationResponse
from oic.utils.authn.client import CLIENT_AUTHN_METHOD

from conftest import APP, BASE


def test_pyoidc_signs_a_student_in(server, person):
    registered = server["clients"]["basic"]
    client = Client(client_authn_method=CLIENT_AUTHN_METHOD)
    client.provider_config(BASE)
    client.store_registration_info(RegistrationResponse(client_id=registered["client_id"], client_secret=registered["client_secret"],
                                                        redirect_uris=[APP], token_endpoint_auth_method="client_secret_basic"))
    client.redirect_uris = [APP]
    state, nonce = rndstr(), rndstr()
    pkce, verifier = client.add_code_challenge()
    request = client.construct_AuthorizationRequest(request_args=dict(
        pkce, client_id=client.client_id, response_type="code", scope=["openid", "profile"], nonce=nonce, redirect_uri=APP, state=state))
    callback = person.authorize(request.request(client.authorization_endpoint))
    answer = client.parse_response(AuthorizationResponse, info=urllib.parse.urlparse(callback).query, sformat="urlencoded")
    assert answer["state"] == state
    tokens = client.do_access_token_request(state=state, request_args={"code": answer["code"], "redirect_uri": APP,
                                                                        "code_verifier": verifier},
                                            authn_method="client_secret_basic")
    id_token = tokens["id_token"]
    assert id_token["iss"] == BASE and client.client_id in id_token["aud"] and id_token["nonce"] == nonce
    assert client.do_user_info_request(state=state)["preferred_username"] == person.username
