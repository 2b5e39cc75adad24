"""What several nodes on one PostgreSQL must agree on, with two real nodes and a real nginx:
flows, races, limits, sign-outs and single sign-on codes cross from one node to the other."""
import re, threading, urllib.parse

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session

from conftest import LOCK_AFTER, PASSWORD, Browser, homeroom, query

APP = "https://app.example.org/callback"


def test_a_claim_started_on_one_node_finishes_on_the_other(cluster):
    first, second = cluster["nodes"]
    browser = Browser()
    browser.claim_start(first, next(cluster["students"]))
    browser.claim_password(first)
    assert browser.claim_answers(second).headers["location"] == "/claim/complete"


def test_one_student_claimed_through_both_nodes_at_once_is_claimed_once_in_each_of_100_rounds(cluster):
    first, second = cluster["nodes"]
    for _ in range(100):
        student = next(cluster["students"])
        browsers = [Browser(), Browser()]
        for browser, node in zip(browsers, (first, second)):
            browser.claim_start(node, student)
            browser.claim_password(node)
        tokens = [re.search(r'name="csrf_token" value="([^"]*)"', b.session.get(n + "/claim/questions").text).group(1)
                  for b, n in zip(browsers, (first, second))]
        answers = {"answer_birth_month": "May", "answer_birth_year": "2011", "answer_favorite_season": "fall"}
        gate, outcomes = threading.Barrier(2), [None, None]

        def finish(index, node):
            gate.wait()
            response = browsers[index].session.post(node + "/claim/questions", data=dict(answers, csrf_token=tokens[index]),
                                                    allow_redirects=False)
            outcomes[index] = response.headers.get("location")

        threads = [threading.Thread(target=finish, args=(i, n)) for i, n in enumerate((first, second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcomes.count("/claim/complete") == 1, (student, outcomes)
        assert query(cluster, "SELECT COUNT(*) FROM audit_event WHERE action = 'claim.complete' AND outcome = 'success' "
                          f"AND subject = '{student[2]}'") == "1"


def test_wrong_passwords_spread_over_both_nodes_stop_at_exactly_the_limit(cluster):
    front = cluster["front"]
    student = next(cluster["students"])
    Browser().claim(front, student)
    username = "s" + student[2]
    threads = [threading.Thread(target=lambda node=node: Browser().sign_in(node, username, "wrong password 123"))
               for node in cluster["nodes"] * LOCK_AFTER]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert query(cluster, f"SELECT failed_sign_ins, locked_at IS NOT NULL FROM account_guard WHERE username = '{username}'") \
        == f"{LOCK_AFTER}|t"
    assert Browser().sign_in(front, username) != "/portal"


def test_a_sign_out_on_one_node_ends_the_session_on_the_other(cluster):
    first, second = cluster["nodes"]
    student = next(cluster["students"])
    browser = Browser()
    browser.claim(first, student)
    assert browser.sign_in(first, "s" + student[2]) == "/portal"
    assert browser.session.get(second + "/portal", allow_redirects=False).status_code == 200
    browser.post(first, "/logout", {}, "/portal")
    assert browser.session.get(second + "/portal", allow_redirects=False).status_code in (302, 303)


def test_a_single_sign_on_code_issued_by_one_node_is_redeemed_at_the_other(cluster):
    first, second = cluster["nodes"]
    out = homeroom("oidc", "client", "add", "Canvas", "--redirect-uri", APP, url=cluster["url"])
    registered = dict(re.findall(r"^(client_id|client_secret): (\S+)$", out, re.M))
    student = next(cluster["students"])
    browser = Browser()
    browser.claim(first, student)
    assert browser.sign_in(first, "s" + student[2]) == "/portal"
    session = OAuth2Session(registered["client_id"], registered["client_secret"], scope="openid", redirect_uri=APP,
                            code_challenge_method="S256")
    verifier = generate_token(64)
    url, _ = session.create_authorization_url(first + "/oauth2/authorize", nonce=generate_token(16), code_verifier=verifier)
    response = browser.session.get(url, allow_redirects=False)
    while not response.headers.get("location", "").startswith(APP):
        location = response.headers.get("location") or re.search(r'url=([^"]+)"', response.text).group(1)
        response = browser.session.get(location if location.startswith("http") else first + location, allow_redirects=False)
    token = session.fetch_token(second + "/oauth2/token", authorization_response=response.headers["location"], code_verifier=verifier)
    assert token["id_token"] and token["access_token"]


def test_nginx_passes_the_client_address_the_nodes_believe(cluster):
    response = requests.get(cluster["front"] + "/healthz", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 200
    Browser().sign_in(cluster["front"], "s9999999", "wrong password 123")
    assert query(cluster, "SELECT client_address FROM audit_event WHERE subject = 's9999999' ORDER BY id DESC LIMIT 1") == "127.0.0.1"
