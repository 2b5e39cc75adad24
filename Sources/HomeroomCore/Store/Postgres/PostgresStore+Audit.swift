import Foundation
import PostgresNIO

/// The audit log on PostgreSQL (see `AppDatabase`'s methods of the same names). Events are
/// written by `insertAudit` in the transaction of the change they record.
extension PostgresStore: AuditStore {
    public func auditLog(user: String?, since: Date?, limit: Int) async throws -> [AuditEvent] {
        try await rows("""
            SELECT * FROM audit_event
            WHERE (\(user)::text IS NULL OR subject = \(user) OR actor = \(user)) AND (\(since?.millis)::bigint IS NULL OR at >= \(since?.millis))
            ORDER BY id LIMIT \(limit)
            """).map { try $0.record(AuditEvent.self) }
    }

    public func auditEvents(student id: String, limit: Int) async throws -> [AuditEvent] {
        try await rows("""
            SELECT * FROM audit_event WHERE subject = ANY(\([id, StudentUsername.of(id)])) ORDER BY id DESC LIMIT \(limit)
            """).map { try $0.record(AuditEvent.self) }
    }

    public func lastRosterImport() async throws -> AuditEvent? {
        try await rows("""
            SELECT * FROM audit_event WHERE action = \(AuditAction.importRoster.rawValue) AND outcome = 'success'
            ORDER BY id DESC LIMIT 1
            """).first?.record(AuditEvent.self)
    }

    @discardableResult
    public func pruneAudit(before cutoff: Date) async throws -> Int {
        try await client.withConnection { try await $0.changes("DELETE FROM audit_event WHERE at < \(cutoff.millis)", logger: logger) }
    }
}
