import Foundation
import Testing
@testable import HomeroomCore

/// Single sign-on's single-use rules under several nodes at once, on PostgreSQL (SQLite's one
/// writer runs them one after the other anyway).
@Suite(.enabled(if: StoreKind.available.contains(.postgres), "needs the test PostgreSQL (scripts/with-postgres)"))
struct SingleSignOnConcurrencyTests {
    let now = Date()

    func grant() -> Grant {
        Grant(clientID: "canvas", username: "s0012345", redirectURI: "https://app.example.org/cb", scopes: ["openid"], nonce: nil,
              codeChallenge: nil, authTime: now, sessionID: "sid", methods: ["pwd"])
    }

    @Test func aCodePresentedTwentyTimesAtOnceIsRedeemedOnce() async throws {
        try await withStore(.postgres) { (store) async throws in
            try await store.issueCode(hash: Secrets.sha256Hex("code"), grant: grant(), expiresAt: now + 60, audit: .test(.authorize))
            let redeemed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let tokens = NewTokens(accessHash: Secrets.sha256Hex("a\(index)"), accessExpires: now + 600, refreshHash: nil,
                                               refreshExpires: nil)
                        let result = try await store.redeemCode(hash: Secrets.sha256Hex("code"), clientID: "canvas", at: now) { _ in
                            Result<NewTokens, OIDCError>.success(tokens)
                        }
                        if case .redeemed = result { return true }
                        return false
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(redeemed == 1)
        }
    }

    @Test func tenNodesStartingTogetherMakeOneKey() async throws {
        try await withStore(.postgres) { (store) async throws in
            let now = self.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 {
                    group.addTask { _ = try await store.addSigningKey(try SigningKeys.newKey(.es256, at: now), onlyIfNone: true) }
                }
                try await group.waitForAll()
            }
            let current = try await store.signingKeys().filter { $0.algorithm == .es256 && $0.retiredAt == nil }
            #expect(current.count == 1)
        }
    }

    @Test func aDueLogoutIsHandedToOneNodeOnly() async throws {
        try await withStore(.postgres) { (store) async throws in
            let settings = OIDCClient.Settings(redirectURIs: ["https://app.example.org/cb"], backchannelLogoutURI: "https://app.example.org/bc")
            try await store.addClient(OIDCClient(clientID: "canvas", name: "Canvas", secretHash: nil, settings: settings), at: now,
                                      audit: .test(.addClient))
            try await store.issueCode(hash: Secrets.sha256Hex("code"), grant: grant(), expiresAt: now + 60, audit: .test(.authorize))
            try await store.queueLogouts(sessionID: "sid", at: now)
            async let first = store.dueLogouts(at: now + 1, limit: 50)
            async let second = store.dueLogouts(at: now + 1, limit: 50)
            let handed = try await first.count + second.count
            #expect(handed == 1)
        }
    }
}
