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

    @Test(arguments: StoreKind.available) func attemptIsCountedBeforeItIsChecked(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.beginSignIn(username: "s0012345", rules: rules, at: now)
            #expect(try await store.signInFailures(username: "s0012345").count == 1)
        }
    }

    @Test(arguments: StoreKind.available) func successTakesTheCountBackToZero(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.beginSignIn(username: "s0012345", rules: rules, at: now)
            _ = try await store.signInSucceeded(try ticket(try await store.beginSignIn(username: "s0012345", rules: rules, at: now)))
            #expect(try await store.signInFailures(username: "s0012345").count == 0)
        }
    }

    @Test(arguments: StoreKind.available) func attemptTooSoonAfterTheFreeFailuresMustWait(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for _ in 0..<2 { _ = try await store.beginSignIn(username: "arivera", rules: rules, at: now) }
            let gate = try await store.beginSignIn(username: "arivera", rules: rules, at: now.addingTimeInterval(5))
            #expect(gate == .delayed(until: now.addingTimeInterval(15)))
        }
    }

    @Test(arguments: StoreKind.available) func failureAtTheLimitLocksTheAccount(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var at = now
            for _ in 0..<3 {
                _ = try await store.beginSignIn(username: "arivera", rules: rules, at: at)
                at += 3600
            }
            #expect(try await store.beginSignIn(username: "arivera", rules: rules, at: at) == .locked)
        }
    }

    @Test(arguments: StoreKind.available) func lockDoesNotExpireByItself(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for hour in 0..<3 { _ = try await store.beginSignIn(username: "arivera", rules: rules, at: now + Double(hour) * 3600) }
            #expect(try await store.beginSignIn(username: "arivera", rules: rules, at: now + 30 * 86400) == .locked)
        }
    }

    @Test(arguments: StoreKind.available) func unlockLiftsTheLock(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for hour in 0..<3 { _ = try await store.beginSignIn(username: "arivera", rules: rules, at: now + Double(hour) * 3600) }
            try await store.unlockAccount(username: "arivera", audit: .test(.unlock))
            #expect(try await store.signInFailures(username: "arivera") == (0, false))
        }
    }

    @Test(arguments: StoreKind.available) func abandonedAttemptIsTakenBack(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.signInAbandoned(try ticket(try await store.beginSignIn(username: "arivera", rules: rules, at: now)))
            #expect(try await store.signInFailures(username: "arivera").count == 0)
        }
    }

    @Test(arguments: StoreKind.available) func endingSessionsRaisesTheEpoch(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.endSessions(username: "s0012345", audit: .test(.endSessions))
            #expect(try await store.sessionEpoch(username: "s0012345") == 1)
        }
    }

    @Test(arguments: StoreKind.available) func hashUpgradeNeedsTheVerifiedHashStillInPlace(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await addStaff(store, "arivera")
            try await store.upgradePasswordHash(username: "arivera", from: "$argon2id$not-the-stored-one", to: "$argon2id$new", at: now)
            #expect(try await store.peek("SELECT password_hash FROM staff WHERE username = 'arivera'") == "$argon2id$stored")
        }
    }

    @Test(arguments: StoreKind.available) func hashUpgradeReplacesTheVerifiedHash(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await claimWithHash(store, "$argon2id$stored")
            try await store.upgradePasswordHash(username: "s0012345", from: "$argon2id$stored", to: "$argon2id$new", at: now)
            #expect(try await store.peek("SELECT password_hash FROM student WHERE student_id = '0012345'") == "$argon2id$new")
        }
    }

    /// Adds the staff account `username` with the password hash `$argon2id$stored`.
    func addStaff(_ store: any ContractStore, _ username: String) async throws {
        try await store.executeForTest("""
            INSERT INTO staff (username, display_name, role, password_hash, created_at, updated_at)
            VALUES ('\(username)', 'Ana Rivera', 'teacher', '$argon2id$stored', 0, 0)
            """)
    }

    /// Imports the sample roster and gives student 0012345 the password hash `hash`.
    func claimWithHash(_ store: any ContractStore, _ hash: String) async throws {
        _ = try await store.importCSV(sampleRosterCSV, at: now)
        try await store.executeForTest("UPDATE student SET password_hash = '\(hash)', claimed_at = created_at WHERE student_id = '0012345'")
    }

    @Test(arguments: StoreKind.available) func sweepForgetsQuietGuardsOfNamesThatAreNoAccount(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.beginSignIn(username: "nobody", rules: rules, at: now)
            try await store.sweep(at: now + 8 * 86400, keepFailuresFor: 7 * 86400)
            #expect(try await store.signInFailures(username: "nobody").count == 0)
        }
    }

    @Test(arguments: StoreKind.available) func sweepKeepsTheCountOfAStudentAccount(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            _ = try await store.beginSignIn(username: "s0012345", rules: rules, at: now)
            try await store.sweep(at: now + 8 * 86400, keepFailuresFor: 7 * 86400)
            #expect(try await store.signInFailures(username: "s0012345").count == 1)
        }
    }

    @Test(arguments: StoreKind.available) func sweepKeepsTheCountOfAStaffAccount(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await addStaff(store, "arivera")
            _ = try await store.beginSignIn(username: "arivera", rules: rules, at: now)
            try await store.sweep(at: now + 8 * 86400, keepFailuresFor: 7 * 86400)
            #expect(try await store.signInFailures(username: "arivera").count == 1)
        }
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
