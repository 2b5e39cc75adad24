import Foundation
import GRDB

extension AppDatabase {
    /// Audit events, oldest first: about or by `user` (as subject or actor) when given, and at or
    /// after `since` when given; at most `limit`.
    public func auditLog(user: String? = nil, since: Date? = nil, limit: Int = 1_000_000) throws -> [AuditEvent] {
        try writer.read { db in
            var request = AuditEvent.order(Column("id")).limit(limit)
            if let user { request = request.filter(Column("subject") == user || Column("actor") == user) }
            if let since { request = request.filter(Column("at") >= since) }
            return try request.fetchAll(db)
        }
    }

    /// The newest audit events about one student, under their ID (claims, lookups) or their
    /// username (sign-ins, resets), newest first.
    public func auditEvents(student id: String, limit: Int = 20) async throws -> [AuditEvent] {
        try await writer.read { db in
            try AuditEvent.filter([id, StudentUsername.of(id)].contains(Column("subject"))).order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    /// The newest successful roster import's event (its reason holds the format and the counts).
    public func lastRosterImport() async throws -> AuditEvent? {
        try await writer.read { db in
            try AuditEvent.filter(Column("action") == AuditAction.importRoster.rawValue && Column("outcome") == "success")
                .order(Column("id").desc).fetchOne(db)
        }
    }

    /// Deletes audit events older than `cutoff`; returns how many.
    @discardableResult
    public func pruneAudit(before cutoff: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM audit_event WHERE at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}

/// The audit log as CSV (RFC 4180), one row per event, with a header.
public enum AuditCSV {
    public static let header = ["at", "client_address", "actor", "action", "subject", "outcome", "reason"]

    public static func render(_ events: [AuditEvent]) -> String {
        var lines = [header.joined(separator: ",")]
        for event in events {
            let fields = [event.at.formatted(.iso8601), event.clientAddress, event.actor ?? "", event.action.rawValue,
                          event.subject ?? "", event.outcome.rawValue, event.reason ?? ""]
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A field quoted when it must be; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a
    /// spreadsheet does not run it as a formula (OWASP CSV injection).
    static func quote(_ field: String) -> String {
        var value = field
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
