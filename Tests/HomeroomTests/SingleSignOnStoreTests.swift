import Foundation
import Testing
@testable import HomeroomCore

/// Codes, tokens, subjects and signing keys in the store: single use, rotation, families.
@Suite struct SingleSignOnStoreTests {
    let now = Date()

    /// Runs `body` on a store of `kind` holding the sample roster.
    func withDatabase(_ kind: StoreKind, _ body: (any HomeroomStore) async throws -> Void) async throws {
        try await withSampleStore(kind, at: now, body)
    }

    func grant(client: String = "canvas") -> Grant {
        Grant(clientID: client, username: "s0012345", redirectURI: "https://app.example.org/cb", scopes: ["openid"], nonce: nil,
              codeChallenge: nil, authTime: now, sessionID: "sid", methods: ["pwd"])
    }

    func tokens(_ name: String) -> NewTokens {
        NewTokens(accessHash: Secrets.sha256Hex("access-" + name), accessExpires: now + 600,
                  refreshHash: Secrets.sha256Hex("refresh-" + name), refreshExpires: now + 86400)
    }

    func redeem(_ db: any HomeroomStore, code: String = "code", client: String = "canvas", as name: String) async throws -> Redemption<OIDCError> {
        try await db.redeemCode(hash: Secrets.sha256Hex(code), clientID: client, at: now) { [tokens = tokens(name)] _ in .success(tokens) }
    }

    func issue(_ db: any HomeroomStore, code: String = "code") async throws {
        try await db.issueCode(hash: Secrets.sha256Hex(code), grant: grant(), expiresAt: now + 60, audit: .test(.authorize))
    }

    @Test(arguments: StoreKind.available) func aCodeIsRedeemedOnce(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            try await issue(db)
            guard case .redeemed = try await redeem(db, as: "first") else { Issue.record("not redeemed"); return }
            guard case .reused = try await redeem(db, as: "second") else { Issue.record("redeemed twice"); return }
        }
    }

    @Test(arguments: StoreKind.available) func aReusedCodeRevokesTheTokensOfItsFirstUse(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            try await issue(db)
            _ = try await redeem(db, as: "first")
            _ = try await redeem(db, as: "second")
            #expect(try await db.isRevoked(tokenHash: tokens("first").accessHash))
            #expect(try await db.accessGrant(hash: tokens("first").accessHash, at: now) == nil)
        }
    }

    @Test(arguments: StoreKind.available) func anotherClientCannotRedeemTheCode(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            try await issue(db)
            guard case .invalid = try await redeem(db, client: "moodle", as: "first") else { Issue.record("redeemed by another"); return }
            guard case .redeemed = try await redeem(db, as: "first") else { Issue.record("spent by the other's try"); return }
        }
    }

    @Test(arguments: StoreKind.available) func anExpiredCodeIsInvalid(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            try await db.issueCode(hash: Secrets.sha256Hex("old"), grant: grant(), expiresAt: now - 1, audit: .test(.authorize))
            guard case .invalid = try await redeem(db, code: "old", as: "first") else { Issue.record("expired code redeemed"); return }
        }
    }

    @Test(arguments: StoreKind.available) func aRefusedCheckSpendsTheCodeWithoutTokens(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            try await issue(db)
            let refused = try await db.redeemCode(hash: Secrets.sha256Hex("code"), clientID: "canvas", at: now) { _ in
                Result<NewTokens, OIDCError>.failure(.invalidGrant("wrong verifier"))
            }
            guard case .refused = refused else { Issue.record("not refused"); return }
            guard case .reused = try await redeem(db, as: "later") else { Issue.record("code still usable"); return }
        }
    }

    @Test(arguments: StoreKind.available) func aRefreshTokenRotatesOnce(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            try await issue(db)
            _ = try await redeem(db, as: "first")
            let rotate = { (name: String) in
                try await db.rotateRefreshToken(hash: Secrets.sha256Hex("refresh-first"), clientID: "canvas", at: now) { [tokens = tokens(name)] _ in
                    Result<NewTokens, OIDCError>.success(tokens)
                }
            }
            guard case .redeemed = try await rotate("second") else { Issue.record("not rotated"); return }
            guard case .reused = try await rotate("third") else { Issue.record("rotated twice"); return }
            #expect(try await db.isRevoked(tokenHash: tokens("second").accessHash))
        }
    }

    @Test(arguments: StoreKind.available) func revokingARefreshTokenRevokesItsFamily(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            try await issue(db)
            _ = try await redeem(db, as: "first")
            try await db.revokeToken(hash: Secrets.sha256Hex("refresh-first"), clientID: "canvas", at: now)
            #expect(try await db.isRevoked(tokenHash: tokens("first").accessHash))
        }
    }

    @Test(arguments: StoreKind.available) func anotherClientCannotRevokeAToken(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            try await issue(db)
            _ = try await redeem(db, as: "first")
            try await db.revokeToken(hash: tokens("first").accessHash, clientID: "moodle", at: now)
            #expect(try await !db.isRevoked(tokenHash: tokens("first").accessHash))
        }
    }

    @Test(arguments: StoreKind.available) func aSubjectOutlivesAResetOfTheClaim(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            try await db.claimForTest()
            let before = try await db.subject(of: "s0012345")
            _ = try await db.resetClaim(studentID: "0012345", at: now, audit: .test(.resetClaim))
            #expect(try await db.subject(of: "s0012345") == before)
        }
    }

    @Test(arguments: StoreKind.available) func subjectsAreNeverShared(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            #expect(try await db.subject(of: "s0012345") != db.subject(of: "s1234567"))
        }
    }

    @Test(arguments: StoreKind.available) func rotatingKeysRetiresTheOldOnesButKeepsThemPublished(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            let keys = try await SigningKeys(database: db, now: now)
            let first = try await db.signingKeys().map(\.kid)
            let added = try SigningKeys.newKey(.rs256, at: now + 1)
            _ = try await db.addSigningKey(added)
            try await keys.reloadIfChanged()
            let records = try await db.signingKeys()
            #expect(Set(records.map(\.kid)) == Set(first + [added.kid]))
            #expect(records.filter { $0.algorithm == .rs256 && $0.retiredAt == nil }.map(\.kid) == [added.kid])
            let published = try JSONDecoder().decode([String: [[String: String]]].self, from: keys.jwks)["keys"]!.compactMap { $0["kid"] }
            #expect(Set(published) == Set(first + [added.kid]))
        }
    }

    @Test(arguments: StoreKind.available) func theNewKeySignsAfterRotation(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            let keys = try await SigningKeys(database: db, now: now)
            let added = try SigningKeys.newKey(.rs256, at: now + 1)
            _ = try await db.addSigningKey(added)
            try await keys.reloadIfChanged()
            let payload = IDTokenPayload(iss: "https://h", sub: "x", aud: "canvas", exp: 0, iat: 0, authTime: 0, nonce: nil, atHash: nil,
                                         sid: "sid", amr: ["pwd"], claims: PersonClaims())
            let token = try await keys.sign(payload, algorithm: .rs256)
            let header = try JSONDecoder().decode([String: String].self, from: Data(base64url: String(token.split(separator: ".")[0]))!)
            #expect(header["kid"] == added.kid && header["alg"] == "RS256")
            #expect(await keys.verified(token) == payload)
        }
    }

    @Test(arguments: StoreKind.available) func severalNodesStartingMakeOneKeyPerAlgorithm(_ kind: StoreKind) async throws {
        try await withDatabase(kind) { (db) async throws in
            _ = try await SigningKeys(database: db, now: now)
            _ = try await SigningKeys(database: db, now: now)
            #expect(try await db.signingKeys().count == SigningAlgorithm.allCases.count)
        }
    }
}

extension Data {
    init?(base64url: String) {
        var text = base64url.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        self.init(base64Encoded: text)
    }
}
