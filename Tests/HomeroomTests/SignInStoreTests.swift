import Foundation
import Testing
@testable import HomeroomCore

/// The account guard in the store: count first, growing waits, the lock, the session epoch.
@Suite struct SignInStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var rules: SignInThrottle {
        var rules = SignInThrottle()
        rules.lockAfterFailures = 3
        rules.freeFailures = 2
        return rules
    }

    func database() throws -> AppDatabase { try AppDatabase.inMemory(schema: packageRoot.schema()) }

    func ticket(_ gate: SignInGate) throws -> SignInTicket {
        guard case .allowed(let ticket) = gate else { throw GateError(gate: gate) }
        return ticket
    }

    struct GateError: Error { let gate: SignInGate }

    @Test func attemptIsCountedBeforeItIsChecked() async throws {
        let db = try database()
        _ = try await db.beginSignIn(username: "s0012345", rules: rules, at: now)
        #expect(try await db.signInFailures(username: "s0012345").count == 1)
    }

    @Test func successTakesTheCountBackToZero() async throws {
        let db = try database()
        _ = try await db.beginSignIn(username: "s0012345", rules: rules, at: now)
        try await db.signInSucceeded(try ticket(try await db.beginSignIn(username: "s0012345", rules: rules, at: now)))
        #expect(try await db.signInFailures(username: "s0012345").count == 0)
    }

    @Test func attemptTooSoonAfterTheFreeFailuresMustWait() async throws {
        let db = try database()
        for _ in 0..<2 { _ = try await db.beginSignIn(username: "arivera", rules: rules, at: now) }
        #expect(try await db.beginSignIn(username: "arivera", rules: rules, at: now.addingTimeInterval(5))
                == .delayed(until: now.addingTimeInterval(15)))
    }

    @Test func failureAtTheLimitLocksTheAccount() async throws {
        let db = try database()
        var at = now
        for _ in 0..<3 {
            _ = try await db.beginSignIn(username: "arivera", rules: rules, at: at)
            at += 3600
        }
        #expect(try await db.beginSignIn(username: "arivera", rules: rules, at: at) == .locked)
    }

    @Test func lockDoesNotExpireByItself() async throws {
        let db = try database()
        for hour in 0..<3 { _ = try await db.beginSignIn(username: "arivera", rules: rules, at: now + Double(hour) * 3600) }
        #expect(try await db.beginSignIn(username: "arivera", rules: rules, at: now + 30 * 86400) == .locked)
    }

    @Test func unlockLiftsTheLock() async throws {
        let db = try database()
        for hour in 0..<3 { _ = try await db.beginSignIn(username: "arivera", rules: rules, at: now + Double(hour) * 3600) }
        try await db.unlockAccount(username: "arivera")
        #expect(try await db.signInFailures(username: "arivera") == (0, false))
    }

    @Test func abandonedAttemptIsTakenBack() async throws {
        let db = try database()
        try await db.signInAbandoned(try ticket(try await db.beginSignIn(username: "arivera", rules: rules, at: now)))
        #expect(try await db.signInFailures(username: "arivera").count == 0)
    }

    @Test func endingSessionsRaisesTheEpoch() async throws {
        let db = try database()
        try await db.endSessions(username: "s0012345")
        #expect(try await db.sessionEpoch(username: "s0012345") == 1)
    }

    @Test func hashUpgradeNeedsTheVerifiedHashStillInPlace() async throws {
        let db = try database()
        try db.addStaffForTest("arivera")
        try await db.upgradePasswordHash(username: "arivera", from: "$argon2id$not-the-stored-one", to: "$argon2id$new", at: now)
        #expect(try await db.staff(username: "arivera")?.passwordHash != "$argon2id$new")
    }

    @Test func sweepForgetsQuietGuardsOfNamesThatAreNoAccount() async throws {
        let db = try database()
        _ = try await db.beginSignIn(username: "nobody", rules: rules, at: now)
        try await db.sweep(at: now + 8 * 86400, keepFailuresFor: 7 * 86400)
        #expect(try await db.signInFailures(username: "nobody").count == 0)
    }

    @Test func sweepKeepsTheCountOfARealAccount() async throws {
        let db = try database()
        try db.addStaffForTest("arivera")
        _ = try await db.beginSignIn(username: "arivera", rules: rules, at: now)
        try await db.sweep(at: now + 8 * 86400, keepFailuresFor: 7 * 86400)
        #expect(try await db.signInFailures(username: "arivera").count == 1)
    }

    @Test func staffUsernameLikeAStudentsIsRefused() throws {
        let db = try database()
        #expect(throws: StaffError.invalidUsername("s1234567")) { try db.addStaffForTest("s1234567") }
    }

    @Test func secondStaffAccountWithTheSameUsernameIsRefused() throws {
        let db = try database()
        try db.addStaffForTest("arivera")
        #expect(throws: StaffError.alreadyExists("arivera")) { try db.addStaffForTest("arivera") }
    }
}
