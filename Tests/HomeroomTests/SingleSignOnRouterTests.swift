import Foundation
import HTTPTypes
@testable import HomeroomCore
import HomeroomWeb
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The single-sign-on endpoints' answers to bad requests, through the real router.
@Suite struct SingleSignOnRouterTests {
    static let redirect = "https://app.example.org/callback"
    static let secret = "a secret of the test client"
    static let basic = "Basic " + Data("canvas:\(secret)".utf8).base64EncodedString()

    /// Registers the confidential client `canvas`.
    func register(_ database: AppDatabase) throws {
        try database.addClient(OIDCClient(clientID: "canvas", name: "Canvas", secretHash: Secrets.sha256Hex(Self.secret),
                                          settings: .init(redirectURIs: [Self.redirect])), at: Date(), audit: .test(.addClient))
    }

    func post(_ client: some TestClientProtocol, _ path: String, _ body: String, authorization: String? = Self.basic,
              contentType: String = "application/x-www-form-urlencoded") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let authorization { headers[.authorization] = authorization }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func json(_ response: TestResponse) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(buffer: response.body))) ?? [:]
    }

    @Test func anUnknownClientGetsAPageAndNoRedirect() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/oauth2/authorize?client_id=nobody&redirect_uri=https://evil.example.org/",
                                                    method: .get)
            #expect(response.status == .badRequest && response.headers[.location] == nil)
        }
    }

    @Test func aMismatchedRedirectURIGetsAPageAndNoRedirect() async throws {
        try await withApp { client, database in
            try register(database)
            let response = try await client.execute(uri: "/oauth2/authorize?client_id=canvas&redirect_uri=https://evil.example.org/",
                                                    method: .get)
            #expect(response.status == .badRequest && response.headers[.location] == nil)
        }
    }

    @Test func otherErrorsGoBackToTheClientWithState() async throws {
        try await withApp { client, database in
            try register(database)
            let response = try await client.execute(uri: "/oauth2/authorize?client_id=canvas&redirect_uri=\(Self.redirect)&state=xyz&scope=openid",
                                                    method: .get)
            let location = response.headers[.location] ?? ""
            #expect(response.status == .seeOther && location.hasPrefix(Self.redirect + "?")
                    && location.contains("error=invalid_request") && location.contains("state=xyz"))
        }
    }

    @Test func theTokenEndpointRefusesAnotherContentType() async throws {
        try await withApp { client, database in
            try register(database)
            let response = try await post(client, "/oauth2/token", "{}", contentType: "application/json")
            #expect(response.status == .badRequest && json(response)["error"] == "invalid_request")
        }
    }

    @Test func theTokenEndpointRefusesARepeatedParameter() async throws {
        try await withApp { client, database in
            try register(database)
            let response = try await post(client, "/oauth2/token", "grant_type=authorization_code&grant_type=refresh_token")
            #expect(json(response)["error"] == "invalid_request")
        }
    }

    @Test func theTokenEndpointWithoutClientAuthenticationAnswers401() async throws {
        try await withApp { client, database in
            try register(database)
            let response = try await post(client, "/oauth2/token", "grant_type=authorization_code&code=x", authorization: nil)
            #expect(response.status == .unauthorized && response.headers[.wwwAuthenticate] != nil && json(response)["error"] == "invalid_client")
        }
    }

    @Test func twoClientAuthenticationMethodsAreRefused() async throws {
        try await withApp { client, database in
            try register(database)
            let response = try await post(client, "/oauth2/token", "grant_type=authorization_code&code=x&client_secret=y")
            #expect(json(response)["error"] == "invalid_request")
        }
    }

    @Test func anUnknownCodeIsAnInvalidGrant() async throws {
        try await withApp { client, database in
            try register(database)
            let response = try await post(client, "/oauth2/token", "grant_type=authorization_code&code=nothing&redirect_uri=\(Self.redirect)")
            #expect(response.status == .badRequest && json(response)["error"] == "invalid_grant")
            #expect(response.headers[.cacheControl] == "no-store")
        }
    }

    @Test func aMissingGrantTypeIsAnInvalidRequest() async throws {
        try await withApp { client, database in
            try register(database)
            #expect(json(try await post(client, "/oauth2/token", "code=x"))["error"] == "invalid_request")
        }
    }

    @Test func revocationWithoutATokenIsAnInvalidRequest() async throws {
        try await withApp { client, database in
            try register(database)
            #expect(json(try await post(client, "/oauth2/revoke", "token_type_hint=access_token"))["error"] == "invalid_request")
        }
    }

    @Test func revocationOfAnUnknownTokenSucceeds() async throws {
        try await withApp { client, database in
            try register(database)
            #expect(try await post(client, "/oauth2/revoke", "token=unknown").status == .ok)
        }
    }

    @Test func userinfoWithAnUnknownTokenSaysInvalidToken() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/oauth2/userinfo", method: .get, headers: [.authorization: "Bearer nothing"])
            #expect(response.status == .unauthorized && response.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
        }
    }

    @Test func logoutWithoutAValidHintSignsNobodyOut() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/oauth2/logout?id_token_hint=not.a.token", method: .get)
            #expect(response.headers[.location] == "/portal")
        }
    }

    @Test func discoveryNamesTheConfiguredIssuer() async throws {
        var config = testConfig()
        config.publicURL = "https://portal.example.org"
        try await withApp(config) { client, _ in
            let document = try JSONSerialization.jsonObject(with: Data(buffer: try await client.execute(
                uri: "/.well-known/openid-configuration", method: .get).body)) as? [String: Any]
            #expect(document?["issuer"] as? String == "https://portal.example.org")
            #expect(document?["token_endpoint"] as? String == "https://portal.example.org/oauth2/token")
        }
    }

    @Test func aClientSecretIsStoredOnlyAsAHash() async throws {
        let config = testConfig()
        let database = try seededDatabase(config)
        let core = try await CoreServices(config: config, database: database, pool: BlockingPool(threads: 1, queueLimit: 1))
        let (client, secret) = try await ClientAdministration(core: core).add(
            name: "Canvas", settings: .init(redirectURIs: [Self.redirect]), isPublic: false, by: .test)
        #expect(client.secretHash == Secrets.sha256Hex(secret!) && client.secretHash != secret)
    }
}

/// Client authentication is throttled, token requests are counted, and pairwise apps get their own subjects.
@Suite struct SingleSignOnGuardTests {
    @Test func repeatedWrongSecretsLockTheClientOut() async throws {
        var config = testConfig()
        config.signInThrottle.perAddress = ThrottleRule(maxFailures: 3, windowMinutes: 10, lockMinutes: 10)
        try await withApp(config) { client, database in
            let routes = SingleSignOnRouterTests()
            try routes.register(database)
            let wrong = "Basic " + Data("canvas:wrong".utf8).base64EncodedString()
            for _ in 0..<3 { _ = try await routes.post(client, "/oauth2/revoke", "token=x", authorization: wrong) }
            #expect(try await routes.post(client, "/oauth2/revoke", "token=x").status == .unauthorized)
        }
    }

    @Test func refusedTokenRequestsAreCounted() async throws {
        let metrics = AppMetrics()
        try await withApp(metrics: metrics) { client, database in
            let routes = SingleSignOnRouterTests()
            try routes.register(database)
            _ = try await routes.post(client, "/oauth2/token", "grant_type=authorization_code&code=unknown&redirect_uri=x")
        }
        #expect(metrics.registry.emitToString().contains(#"homeroom_oidc_token_total{outcome="refused"} 1"#))
    }

    @Test func aPairwiseAppGetsASubjectOfItsOwn() async throws {
        let config = testConfig()
        let database = try seededDatabase(config)
        let core = try await CoreServices(config: config, database: database, pool: BlockingPool(threads: 1, queueLimit: 1))
        let sso = try await SingleSignOn(core: core)
        let shared = OIDCClient(clientID: "a", name: "A", secretHash: nil, settings: .init(redirectURIs: ["https://a.example.org/cb"]))
        var own = OIDCClient(clientID: "b", name: "B", secretHash: nil, settings: .init(redirectURIs: ["https://b.example.org/cb"]))
        own.settings.pairwise = true
        let other = OIDCClient(clientID: "c", name: "C", secretHash: nil, settings: own.settings)
        let common = try await sso.subject(of: "s0012345", for: shared)
        let pairwise = try await sso.subject(of: "s0012345", for: own)
        let again = try await sso.subject(of: "s0012345", for: own)
        let otherApps = try await sso.subject(of: "s0012345", for: other)
        #expect(pairwise != common && pairwise == again && pairwise != otherApps)
    }
}

/// Wrong secrets from one address do not lock an app out for its own server elsewhere.
@Suite struct ClientAuthenticationScopeTests {
    @Test func wrongSecretsFromOneAddressLeaveTheAppUsableFromAnother() async throws {
        var config = testConfig()
        config.signInThrottle.perAddress = ThrottleRule(maxFailures: 3, windowMinutes: 10, lockMinutes: 10)
        let database = try seededDatabase(config)
        let core = try await CoreServices(config: config, database: database, pool: BlockingPool(threads: 1, queueLimit: 1))
        let sso = try await SingleSignOn(core: core)
        try SingleSignOnRouterTests().register(database)
        for _ in 0..<3 {
            _ = try await sso.authenticate(ClientCredentials(clientID: "canvas", secret: "wrong"), by: .web(address: "203.0.113.9"))
        }
        let fromCanvas = try await sso.authenticate(ClientCredentials(clientID: "canvas", secret: SingleSignOnRouterTests.secret),
                                                    by: .web(address: "198.51.100.7"))
        #expect((try? fromCanvas.get())?.clientID == "canvas")
    }
}
