"""A small district app for the browser suite: Flask with authlib's OpenID Connect client, as a
relying party of Homeroom. It keeps who is signed in per Homeroom sign-in (`sid`), so a
back-channel logout from Homeroom ends its session."""
import threading

import requests
from authlib.integrations.flask_client import OAuth
from authlib.jose import JsonWebKey, jwt
from flask import Flask, redirect, request, session, url_for
from werkzeug.serving import make_server

EVENT = "http://schemas.openid.net/event/backchannel-logout"


def make_app(issuer, client_id, client_secret):
    app = Flask("demo-app")
    app.secret_key = "demo app secret, for the tests only"
    oauth = OAuth(app)
    oauth.register("homeroom", client_id=client_id, client_secret=client_secret,
                   server_metadata_url=issuer + "/.well-known/openid-configuration",
                   client_kwargs={"scope": "openid profile", "code_challenge_method": "S256"})
    signed_in = {}  # Homeroom's sid -> username, while the app's session lasts

    @app.route("/")
    def home():
        user = session.get("user")
        if user and session.get("sid") in signed_in:
            return f'<!doctype html><html lang="en"><title>Demo app</title><p id="who">Signed in as {user}</p></html>'
        return '<!doctype html><html lang="en"><title>Demo app</title><p id="who">Not signed in</p><a id="login" href="/login">Sign in with Homeroom</a></html>'

    @app.route("/login")
    def login():
        return oauth.homeroom.authorize_redirect(url_for("callback", _external=True))

    @app.route("/start")
    def start():
        # Third-party-initiated login: only from our own issuer.
        assert request.args.get("iss") == issuer
        return redirect(url_for("login"))

    @app.route("/callback")
    def callback():
        token = oauth.homeroom.authorize_access_token()
        claims = token["userinfo"]
        session["user"], session["sid"] = claims["preferred_username"], claims["sid"]
        signed_in[claims["sid"]] = claims["preferred_username"]
        return redirect("/")

    @app.route("/backchannel", methods=["POST"])
    def backchannel():
        keys = JsonWebKey.import_key_set(requests.get(issuer + "/oauth2/jwks").json())
        claims = jwt.decode(request.form["logout_token"], keys,
                            claims_options={"iss": {"essential": True, "value": issuer}, "aud": {"essential": True, "value": client_id}})
        claims.validate(leeway=5)
        if EVENT not in claims["events"]:
            return "", 400
        signed_in.pop(claims["sid"], None)
        return "", 200

    return app


def serve(app, port):
    """Serves `app` on loopback in a thread; returns the server (call shutdown())."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
