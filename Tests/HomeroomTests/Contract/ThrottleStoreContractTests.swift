import Foundation
import Testing
@testable import HomeroomCore

/// The throttles' console, the roster attempt and the sweep, on every store.
@Suite struct ThrottleStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let once = ThrottleRule(maxFailures: 1, windowMinutes: 10, lockMinutes: 10)
    let loose = ThrottleRule(maxFailures: 100, windowMinutes: 10, lockMinutes: 10)

    var address: ThrottleKey { ThrottleKey(scope: .claimAddress, address: "203.0.113.9", rule: once) }

    struct Mismatch: Error {}

    /// Matches when the student is found: their first name.
    @Sendable static func firstName(_ student: Student?) -> Result<String, Mismatch> {
        student.map { .success($0.firstName) } ?? .failure(Mismatch())
    }

    func attempt(_ store: any ContractStore, _ id: String, keys: [ThrottleKey],
                 dailyLimit: DailyLimit? = nil) async throws -> RosterAttempt<String, Mismatch> {
        try await store.rosterAttempt(studentID: id, keys: keys, dailyLimit: dailyLimit, at: now, decide: Self.firstName) { _ in
            .test(.claimStart, subject: id)
        }
    }

    @Test(arguments: StoreKind.available) func consoleListsALockWithItsRecentFailures(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.beginAttempt([address], at: now)
            let locks = try await store.throttleLocks(at: now)
            #expect(locks == [ThrottleLock(scope: .claimAddress, key: "203.0.113.9", lockedUntil: now + 600, recentFailures: 1)])
        }
    }

    @Test(arguments: StoreKind.available) func anAddressLockIsAuditedWhenSet(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.beginAttempt([address], at: now)
            #expect(try await store.peek("SELECT subject FROM audit_event WHERE action = 'throttle.lock'") == "203.0.113.9")
        }
    }

    @Test(arguments: StoreKind.available) func liftedLockLetsTheNextAttemptThroughAndIsAudited(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.beginAttempt([address], at: now)
            let lifted = try await store.liftThrottleLock(scope: .claimAddress, key: "203.0.113.9", at: now, audit: .test(.liftThrottleLock))
            let next = try await store.beginAttempt([address], at: now)
            let audited = try await store.peek("SELECT COUNT(*) FROM audit_event WHERE action = 'admin.lift_lock'")
            #expect(lifted && next != .throttled(scope: .claimAddress) && audited == "1")
        }
    }

    @Test(arguments: StoreKind.available) func liftingNoLockWritesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let lifted = try await store.liftThrottleLock(scope: .claimAddress, key: "203.0.113.9", at: now, audit: .test(.liftThrottleLock))
            let audited = try await store.peek("SELECT COUNT(*) FROM audit_event")
            #expect(!lifted && audited == "0")
        }
    }

    @Test(arguments: StoreKind.available) func matchedRosterAttemptIsForgiven(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let first = try await attempt(store, "0012345", keys: [address])
            let second = try await attempt(store, "0012345", keys: [address])
            guard case .matched("Mary Kate") = first, case .matched = second else { Issue.record("\(first), \(second)"); return }
        }
    }

    @Test(arguments: StoreKind.available) func failedRosterAttemptCountsAndIsAudited(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let failed = try await attempt(store, "9999999", keys: [address])
            let next = try await attempt(store, "9999999", keys: [address])
            let audited = try await store.peek("SELECT COUNT(*) FROM audit_event WHERE subject = '9999999'")
            guard case .failed = failed, case .throttled(.claimAddress) = next else { Issue.record("\(failed), \(next)"); return }
            #expect(audited == "2")
        }
    }

    @Test(arguments: StoreKind.available) func rosterAttemptsOverTheDailyLimitAreRefused(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let limit = DailyLimit(scope: .usernameLookup, key: "0012345", day: "2027-01-15", max: 2)
            var outcomes: [String] = []
            for _ in 0..<3 {
                switch try await attempt(store, "0012345", keys: [ThrottleKey(scope: .usernameAddress, address: "a", rule: loose)], dailyLimit: limit) {
                case .overDailyLimit: outcomes.append("over")
                case .matched: outcomes.append("matched")
                default: outcomes.append("other")
                }
            }
            #expect(outcomes == ["matched", "matched", "over"])
        }
    }

    @Test(arguments: StoreKind.available) func sweepForgetsOldFailuresAndEndedLocks(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.beginAttempt([address], at: now)
            try await store.sweep(at: now + 86400, keepFailuresFor: 3600)
            let failures = try await store.peek("SELECT COUNT(*) FROM throttle_failure")
            let locks = try await store.peek("SELECT COUNT(*) FROM throttle_lock")
            #expect(failures == "0" && locks == "0")
        }
    }
}
