import Foundation
import Testing
@testable import HomeroomCore

/// Browser sessions, on every store.
@Suite struct SessionStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreKind.available) func storedSessionIsReadBack(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.putSession(key: "k", value: Data("{}".utf8), expiresAt: now + 60, username: "s1234567")
            let stored = try #require(try await store.sessionValue(key: "k", at: now))
            #expect(stored.value == Data("{}".utf8) && stored.expiresAt == now + 60)
        }
    }

    @Test(arguments: StoreKind.available) func expiredSessionIsAbsent(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.putSession(key: "k", value: Data("{}".utf8), expiresAt: now + 60, username: nil)
            #expect(try await store.sessionValue(key: "k", at: now + 60) == nil)
        }
    }

    @Test(arguments: StoreKind.available) func onlyIfNewDoesNotOverwrite(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = try await store.putSession(key: "k", value: Data("a".utf8), expiresAt: nil, username: nil, onlyIfNew: true)
            let second = try await store.putSession(key: "k", value: Data("b".utf8), expiresAt: nil, username: nil, onlyIfNew: true)
            let stored = try await store.sessionValue(key: "k", at: now)
            #expect(first && !second && stored?.value == Data("a".utf8))
        }
    }

    @Test(arguments: StoreKind.available) func updateWithoutExpiryKeepsTheExpiry(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.putSession(key: "k", value: Data("a".utf8), expiresAt: now + 60, username: nil)
            _ = try await store.putSession(key: "k", value: Data("b".utf8), expiresAt: nil, username: "s1234567")
            #expect(try await store.sessionValue(key: "k", at: now)?.expiresAt == now + 60)
        }
    }

    @Test(arguments: StoreKind.available) func deletedSessionIsAbsent(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.putSession(key: "k", value: Data("a".utf8), expiresAt: nil, username: nil)
            try await store.deleteSession(key: "k")
            #expect(try await store.sessionValue(key: "k", at: now) == nil)
        }
    }
}

/// The server secrets every node shares.
@Suite struct ServerStoreContractTests {
    @Test(arguments: StoreKind.available) func secretIsMadeOnceAndKept(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = try await store.secret(named: "csrf_key") { "one" }
            #expect(first == "one")
            #expect(try await store.secret(named: "csrf_key") { "two" } == "one")
        }
    }

    @Test(arguments: StoreKind.available) func schemaIsAtTheLastMigration(_ kind: StoreKind) async throws {
        let steps = try FileManager.default.contentsOfDirectory(atPath: packageRoot.path + "/migrations/\(kind == .sqlite ? "sqlite" : "postgres")")
            .filter { $0.hasSuffix(".sql") }.count
        let version = try await withStore(kind) { store in try await store.schemaVersion() }
        #expect(version == steps)
    }

    @Test func bothDialectsHaveTheSameSteps() throws {
        func steps(_ dialect: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: packageRoot.path + "/migrations/" + dialect).filter { $0.hasSuffix(".sql") }.sorted()
        }
        #expect(try steps("sqlite") == (try steps("postgres")))
    }
}

/// Under CI the PostgreSQL half of the contract tests must run.
@Suite struct PostgresTestServerTests {
    @Test func continuousIntegrationHasATestServer() {
        guard ProcessInfo.processInfo.environment["CI"] != nil else { return }
        #expect(StoreKind.serverURL != nil, "run the tests with scripts/with-postgres (make test does)")
    }
}
