import Foundation
@testable import HomeroomCore
import Testing

/// What a badge sign-in is, beside a password one.
@Suite struct BadgeSessionTests {
    /// The `amr` of the id_token an app gets for `user`'s sign-in.
    func amr(of user: SignedInUser) async throws -> [String] {
        let config = testConfig()
        let database = try seededDatabase(config, roster: youngRosterCSV)
        let core = try await CoreServices(config: config, database: database, pool: BlockingPool(threads: 1, queueLimit: 1))
        let sso = try await SingleSignOn(core: core)
        let client = OIDCClient(clientID: "reader", name: "Reading app", secretHash: Secrets.sha256Hex("s"),
                                settings: .init(redirectURIs: ["https://reader.example.org/cb"]))
        try database.addClient(client, at: Date(), audit: .test(.addClient))
        // RFC 7636's example verifier and its S256 challenge.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        let request = try AuthorizationRequest.parse(
            ["client_id": ["reader"], "redirect_uri": ["https://reader.example.org/cb"], "response_type": ["code"],
             "scope": ["openid"], "code_challenge": [challenge], "code_challenge_method": ["S256"]], client: client).get()
        guard case .redirect(let location) = try await sso.authorize(request, client: client, user: user, by: .web(address: "10.0.0.1")),
              let code = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "code" })?.value else {
            Issue.record("no code")
            return []
        }
        let tokens = try await sso.exchange(code: code, redirectURI: "https://reader.example.org/cb", verifier: verifier,
                                            client: client, by: .web(address: "10.0.0.1")).get()
        let payload = String(tokens.idToken.split(separator: ".")[1])
        let padded = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            + String(repeating: "=", count: (4 - payload.count % 4) % 4)
        let claims = try JSONSerialization.jsonObject(with: Data(base64Encoded: padded)!) as! [String: Any]
        return claims["amr"] as? [String] ?? []
    }

    @Test func badgeSignInTellsAppsItWasABadge() async throws {
        let user = SignedInUser(username: "s4000001", role: .student, firstName: "Mia", signedInAt: Date(), epoch: 0, method: .badge)
        #expect(try await amr(of: user) == ["badge"])
    }

    @Test func passwordSignInTellsAppsItWasAPassword() async throws {
        let user = SignedInUser(username: "s4000001", role: .student, firstName: "Mia", signedInAt: Date(), epoch: 0)
        #expect(try await amr(of: user) == ["pwd"])
    }

    @Test func sessionsStoredBeforeBadgesWereSignedInWithAPassword() throws {
        let stored = #"{"username":"s1","role":"student","firstName":"A","signedInAt":0,"lastSeenAt":0,"epoch":0}"#
        #expect(try JSONDecoder().decode(SignedInUser.self, from: Data(stored.utf8)).method == .password)
    }

    @Test func badgeCredentialReadsItsQRTextAndItsShortCode() {
        let badge = BadgeCredential.make()
        #expect(BadgeCredential.presented(badge.qrText) == .secret(hash: Secrets.sha256Hex(badge.secret)))
        #expect(BadgeCredential.presented(badge.shortCodeDisplay.lowercased()) == .shortCode(hash: Secrets.sha256Hex(badge.shortCode)))
        #expect(BadgeCredential.presented("HOMEROOM-BADGE:short") == .unreadable)
    }

    @Test func badgeSecretHasAtLeast128RandomBits() {
        #expect(Double(BadgeCredential.make().secret.count) * log2(Double(OneTimeCode.alphabet.count)) >= 128)
    }
}
