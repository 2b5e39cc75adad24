import Foundation
import Testing
@testable import HomeroomCore

/// The audit log, on every store.
@Suite struct AuditStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func event(_ action: AuditAction = .signIn, by actor: String? = nil, subject: String?, at: Date? = nil, reason: String? = nil,
               outcome: AuditEvent.Outcome = .success) -> AuditEvent {
        AuditEvent(at: at ?? now, by: Actor(name: actor, address: "10.0.0.1"), action: action, subject: subject, outcome: outcome, reason: reason)
    }

    @Test(arguments: StoreKind.available) func logOfAUserHasWhatTheyDidAndWhatWasDoneToThemOldestFirst(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.audit(event(subject: "arivera", reason: "1"))
            try await store.audit(event(subject: "other", reason: "2"))
            try await store.audit(event(by: "arivera", subject: "s1234567", reason: "3"))
            #expect(try await store.auditLog(user: "arivera").map(\.reason) == ["1", "3"])
        }
    }

    @Test(arguments: StoreKind.available) func logSinceLeavesOutOlderEvents(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.audit(event(subject: "a", at: now - 1, reason: "old"))
            try await store.audit(event(subject: "a", at: now, reason: "new"))
            #expect(try await store.auditLog(since: now).map(\.reason) == ["new"])
        }
    }

    @Test(arguments: StoreKind.available) func logIsLimited(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for number in 0..<3 { try await store.audit(event(subject: "a", reason: "\(number)")) }
            #expect(try await store.auditLog(user: nil, since: nil, limit: 2).map(\.reason) == ["0", "1"])
        }
    }

    @Test(arguments: StoreKind.available) func eventsOfAStudentAreUnderTheIDAndTheUsernameNewestFirst(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.audit(event(.claimComplete, subject: "1234567", reason: "1"))
            try await store.audit(event(.signIn, subject: "s1234567", reason: "2"))
            try await store.audit(event(.signIn, subject: "s7654321", reason: "3"))
            #expect(try await store.auditEvents(student: "1234567").map(\.reason) == ["2", "1"])
        }
    }

    @Test(arguments: StoreKind.available) func lastRosterImportIsTheNewestSuccessfulOne(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.audit(event(.importRoster, subject: nil, reason: "first"))
            try await store.audit(event(.importRoster, subject: nil, reason: "second"))
            try await store.audit(event(.importRoster, subject: nil, reason: "failed", outcome: .failure))
            try await store.audit(event(.signIn, subject: "s1234567", reason: "later"))
            #expect(try await store.lastRosterImport()?.reason == "second")
        }
    }

    @Test(arguments: StoreKind.available) func noRosterImportYet(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let last = try await store.lastRosterImport()
            #expect(last == nil)
        }
    }

    @Test(arguments: StoreKind.available) func pruneSaysHowManyItDeleted(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for day in 0..<3 { try await store.audit(event(subject: "a", at: now - Double(day) * 86400)) }
            #expect(try await store.pruneAudit(before: now - 3600) == 2)
        }
    }
}
