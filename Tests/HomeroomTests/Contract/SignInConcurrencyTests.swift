import Foundation
import Testing
@testable import HomeroomCore

/// The guards of sign-ins and throttles under parallel attempts on PostgreSQL (READ COMMITTED,
/// several connections): none lets one more through than its limit.
@Suite(.enabled(if: StoreKind.available.contains(.postgres)))
struct SignInConcurrencyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Runs `attempt` `count` times at once; how many times it returned true.
    func parallel(_ count: Int, _ attempt: @escaping @Sendable (Int) async throws -> Bool) async throws -> Int {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<count { group.addTask { try await attempt(index) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    @Test func parallelWrongSignInsStopAtExactlyTheLockLimit() async throws {
        var lockAtFive = SignInThrottle()
        lockAtFive.lockAfterFailures = 5
        lockAtFive.freeFailures = 100
        let rules = lockAtFive
        try await withStore(.postgres) { store in
            let allowed = try await parallel(20) { _ in
                if case .allowed = try await store.beginSignIn(username: "s0012345", rules: rules, at: now) { return true }
                return false
            }
            let failures = try await store.signInFailures(username: "s0012345")
            #expect(allowed == 5 && failures == (5, true))
        }
    }

    @Test func parallelSignInsFromOneAddressStopAtItsLimit() async throws {
        let address = ThrottleKey(scope: .signInAddress, address: "203.0.113.9", rule: ThrottleRule(maxFailures: 5, windowMinutes: 10, lockMinutes: 10))
        try await withStore(.postgres) { store in
            let allowed = try await parallel(20) { index in
                let gate = try await store.beginSignIn(username: "user\(index)", address: address, rules: SignInThrottle(), at: now)
                return gate != .addressThrottled
            }
            #expect(allowed == 5)
        }
    }

    @Test func parallelAttemptsCannotSlipPastAThrottleLimit() async throws {
        let key = ThrottleKey(scope: .claimStudent, key: "0012345", rule: ThrottleRule(maxFailures: 5, windowMinutes: 15, lockMinutes: 15))
        try await withStore(.postgres) { store in
            let allowed = try await parallel(20) { _ in
                if case .allowed = try await store.beginAttempt([key], at: now) { return true }
                return false
            }
            #expect(allowed == 5)
        }
    }

    @Test func parallelAttemptsOnTwoKeysInEitherOrderStopAtTheLimit() async throws {
        let rule = ThrottleRule(maxFailures: 5, windowMinutes: 15, lockMinutes: 15)
        let student = ThrottleKey(scope: .claimStudent, key: "0012345", rule: rule)
        let address = ThrottleKey(scope: .claimAddress, address: "203.0.113.9", rule: rule)
        try await withStore(.postgres) { store in
            let allowed = try await parallel(20) { index in
                if case .allowed = try await store.beginAttempt(index.isMultiple(of: 2) ? [student, address] : [address, student], at: now) {
                    return true
                }
                return false
            }
            #expect(allowed == 5)
        }
    }

    @Test func parallelRosterAttemptsStopAtTheDailyLimit() async throws {
        let key = ThrottleKey(scope: .usernameAddress, address: "203.0.113.9", rule: ThrottleRule(maxFailures: 100, windowMinutes: 10, lockMinutes: 10))
        let limit = DailyLimit(scope: .usernameLookup, key: "0012345", day: "2027-01-15", max: 3)
        try await withStore(.postgres) { store in
            let looked = try await parallel(12) { _ in
                let outcome = try await store.rosterAttempt(studentID: "0012345", keys: [key], dailyLimit: limit, at: now,
                                                            decide: { _ in Result<Bool, ThrottleStoreContractTests.Mismatch>.success(true) },
                                                            audit: { _ in .test(.usernameLookup) })
                if case .overDailyLimit = outcome { return false }
                return true
            }
            #expect(looked == 3)
        }
    }

    @Test func parallelLiftsOfOneLockLiftItOnce() async throws {
        let address = ThrottleKey(scope: .claimAddress, address: "203.0.113.9", rule: ThrottleRule(maxFailures: 1, windowMinutes: 10, lockMinutes: 10))
        try await withStore(.postgres) { store in
            _ = try await store.beginAttempt([address], at: now)
            let lifted = try await parallel(8) { _ in
                try await store.liftThrottleLock(scope: .claimAddress, key: "203.0.113.9", at: now, audit: .test(.liftThrottleLock))
            }
            let audited = try await store.peek("SELECT COUNT(*) FROM audit_event WHERE action = 'admin.lift_lock'")
            #expect(lifted == 1 && audited == "1")
        }
    }
}
