import Foundation
import HTTPTypes
import HomeroomCore
import HomeroomWeb
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// CSRF, headers, cookies and bad input.
@Suite struct WebSecurityTests {
    @Test func postWithoutTheTokenIsRefusedAndChangesNothing() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.get("/claim")
            let response = try await browser.post("/claim", [("last_name", "O'Brien"), ("first_name", "Mary Kate"),
                                                             ("student_id", "0012345")], withToken: false)
            #expect(response.status == .forbidden)
            #expect(try await database.auditEvents().allSatisfy { $0.action == .importRoster })  // the seeding's only
        }
    }

    @Test func postWithAnotherBrowsersTokenIsRefused() async throws {
        try await withApp { client, _ in
            var attacker = Browser(client), victim = Browser(client)
            try await attacker.get("/claim")
            try await victim.get("/claim")
            victim.csrfToken = attacker.csrfToken
            let response = try await victim.post("/claim", [("last_name", "O'Brien"), ("first_name", "Mary Kate"), ("student_id", "0012345")])
            #expect(response.status == .forbidden)
        }
    }

    @Test func tokenFromOneStepIsRefusedWithoutItsCookie() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/claim")
            browser.cookies = [:]
            let response = try await browser.post("/claim", [("last_name", "Lee"), ("first_name", "Kai"), ("student_id", "1234567")])
            #expect(response.status == .forbidden)
        }
    }

    @Test func everyFlowPageIsNotCached() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            #expect(try await browser.get("/claim").headers[.cacheControl] == "no-store")
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            #expect(try await browser.get("/claim/password").headers[.cacheControl] == "no-store")
        }
    }

    @Test func securityHeadersAreOnEveryResponse() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            for path in ["/", "/claim", "/no-such-page", "/static/homeroom.css"] {
                let headers = try await browser.get(path).headers
                let csp = headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))
                #expect(headers[.xContentTypeOptions] == "nosniff")
                #expect(headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            }
        }
    }

    @Test func sessionCookieIsHttpOnlyAndSameSiteLax() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/claim")
            let response = try await browser.post("/claim", [("last_name", "O'Brien"), ("first_name", "Mary Kate"), ("student_id", "0012345")])
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("homeroom_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
        }
    }

    @Test func cookiesAreSecureInTLSMode() async throws {
        var config = testConfig()
        config.tlsCookies = true
        try await withApp(config) { client, _ in
            var browser = Browser(client)
            let csrfCookie = try #require(try await browser.get("/claim").headers[values: .setCookie].first)
            #expect(csrfCookie.contains("Secure"))
            let response = try await browser.post("/claim", [("last_name", "O'Brien"), ("first_name", "Mary Kate"), ("student_id", "0012345")])
            #expect(response.headers[values: .setCookie].first { $0.hasPrefix("homeroom_session=") }?.contains("Secure") == true)
        }
    }

    @Test func oversizedBodyGets413WithAPage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/claim")
            let response = try await browser.post("/claim", [("last_name", String(repeating: "x", count: 20_000))])
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("Too much was sent"))
        }
    }

    @Test func repeatedFieldGetsAClearPage() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.get("/claim")
            let response = try await browser.post("/claim", [("last_name", "A"), ("last_name", "B"), ("first_name", "Kai"), ("student_id", "1234567")])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("more than once"))
            #expect(try await database.auditEvents().allSatisfy { $0.action == .importRoster })  // the seeding's only
        }
    }

    @Test func invalidUTF8GetsAClearPage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/claim")
            let body = "csrf_token=\(browser.csrfToken)&last_name=%FF%FE&first_name=Kai&student_id=1234567"
            let response = try await browser.post("/claim", rawBody: body)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(#"role="alert""#))
        }
    }

    @Test func tenThousandCharacterNameGetsAFieldMessage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.startClaim(last: String(repeating: "W", count: 10_000), first: "Kai", id: "1234567")
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("at most 100 characters"))
        }
    }

    @Test func controlCharacterInANameGetsAFieldMessage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.startClaim(last: "Lee\u{0}", first: "Kai", id: "1234567")
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains(#"id="last_name-error""#))
        }
    }

    @Test func missingFieldsGetFieldMessages() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/claim")
            let response = try await browser.post("/claim", [])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Type your 7-digit student ID."))
        }
    }

    @Test func formOfAnotherContentTypeIsRefusedWithAPage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/claim")
            let response = try await browser.send("/claim", method: .post, body: ByteBuffer(string: "{}"), contentType: "application/json")
            #expect(response.status == .badRequest)
        }
    }

    @Test func unknownPageGetsA404Page() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.get("/nope")
            #expect(response.status == .notFound)
            #expect(response.text.contains("<html lang=\"en\">"))
        }
    }

    @Test func healthzAnswersWhenTheDatabaseIsReachable() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
        }
    }

    @Test func metricsCountClaimStarts() async throws {
        let metrics = AppMetrics()
        try await withApp(metrics: metrics) { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
        }
        #expect(metrics.registry.emitToString().contains(#"homeroom_claim_start_total{outcome="matched"} 1"#))
    }

    @Test func forwardedForIsBelievedOnlyFromATrustedProxy() {
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: ["10.0.0.1"], trusted: []) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.7"], trusted: ["127.0.0.1"]) == "198.51.100.7")
    }
}
