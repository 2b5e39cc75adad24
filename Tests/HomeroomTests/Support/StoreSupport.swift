import Foundation
import HomeroomCore

extension Actor {
    /// The actor of changes a test makes to the store directly.
    static let test = Actor(name: "test", address: "test")
}

extension AuditEvent {
    /// An event of `action` at `at`, by the test.
    static func test(_ action: AuditAction = .signIn, at: Date = Date(), subject: String? = nil) -> AuditEvent {
        AuditEvent(at: at, by: .test, action: action, subject: subject, outcome: .success, reason: nil)
    }
}

/// The store's audited changes, as tests that check the change itself make them.
extension AppDatabase {
    /// Imports the roster CSV `csv` (written to a temporary file).
    func importRoster(csv: String, deactivateMissing: Bool = false, at now: Date = Date()) throws -> ImportCounts {
        try importRoster(try RosterSource(path: writeTemporaryFile(csv)).open().records, deactivateMissing: deactivateMissing,
                         at: now) { _ in .test(.importRoster) }
    }

    func resetAllStudents(at now: Date) throws -> (claimed: Int, total: Int) {
        try resetAllStudents(at: now) { _, _ in .test(.resetAllStudents) }
    }

    func unlockAccount(username: String) async throws {
        try await unlockAccount(username: username, audit: .test(.unlock))
    }

    func endSessions(username: String) async throws {
        try await endSessions(username: username, audit: .test(.endSessions))
    }
}
