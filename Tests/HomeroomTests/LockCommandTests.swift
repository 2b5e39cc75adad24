import Foundation
import HomeroomCore
import Testing

/// `homeroom locks list|lift`: the console's lock list and lifting, from the command line.
@Suite struct LockCommandTests {
    func lockedDatabase() async throws -> (path: String, store: AppDatabase) {
        let config = testConfig()
        let store = try seededDatabase(config)
        let rule = ThrottleRule(maxFailures: 1, windowMinutes: 10, lockMinutes: 10)
        _ = try await store.beginAttempt([ThrottleKey(scope: .signInAddress, key: "203.0.113.9", rule: rule)], at: Date())
        return (config.databasePath, store)
    }

    @Test func listPrintsALockInForce() async throws {
        let (path, _) = try await lockedDatabase()
        let run = try runHomeroom(["locks", "list", "--db", path])
        #expect(run.status == 0 && run.out.contains("signin.address\t203.0.113.9"))
    }

    @Test func liftRemovesTheLockAsTheSystemUser() async throws {
        let (path, store) = try await lockedDatabase()
        #expect(try runHomeroom(["locks", "lift", "signin.address", "203.0.113.9", "--db", path]).status == 0)
        #expect(try await store.throttleLocks(at: Date()).isEmpty)
        #expect(try await store.auditEvents().contains { $0.action == .liftThrottleLock && $0.actor?.hasPrefix("cli:") == true })
    }

    @Test func liftingALockNotInForceFails() async throws {
        let (path, _) = try await lockedDatabase()
        let run = try runHomeroom(["locks", "lift", "claim.address", "198.51.100.1", "--db", path])
        #expect(run.status != 0 && run.err.contains("no claim.address lock"))
    }
}
