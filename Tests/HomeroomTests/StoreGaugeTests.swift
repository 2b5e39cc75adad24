import Foundation
import HomeroomCore
import Testing

/// The store's gauges: what `/metrics` reads at each scrape.
@Suite struct StoreGaugeTests {
    let database: AppDatabase

    init() throws { database = try seededDatabase(testConfig()) }

    func signedInSession(_ key: String, as username: String?, expires: Date = Date().addingTimeInterval(600)) async throws {
        _ = try await database.putSession(key: key, value: Data("{}".utf8), expiresAt: expires, username: username)
    }

    @Test func signedInSessionsAreCounted() async throws {
        try await signedInSession("a", as: "s0012345")
        try await signedInSession("b", as: nil)
        #expect(try await database.gauges(at: Date()).signedInSessions == 1)
    }

    @Test func anExpiredSessionIsNotCounted() async throws {
        try await signedInSession("a", as: "s0012345", expires: Date().addingTimeInterval(-1))
        #expect(try await database.gauges(at: Date()).signedInSessions == 0)
    }

    @Test func endedSessionsStopCountingAtOnce() async throws {
        try await signedInSession("a", as: "s0012345")
        try await database.endSessions(username: "s0012345")
        #expect(try await database.gauges(at: Date()).signedInSessions == 0)
    }

    @Test func throttleLocksInForceAreCountedByScope() async throws {
        let rule = ThrottleRule(maxFailures: 1, windowMinutes: 10, lockMinutes: 10)
        _ = try await database.beginAttempt([ThrottleKey(scope: .claimAddress, key: "203.0.113.9", rule: rule)], at: Date())
        #expect(try await database.gauges(at: Date()).throttleLocks[.claimAddress] == 1)
    }

    @Test func activeStudentsAreCountedClaimedOrNot() async throws {
        try await database.claimForTest()
        let gauges = try await database.gauges(at: Date())
        #expect(gauges.claimedStudents == 1 && gauges.unclaimedStudents == 4)
    }
}
