import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Writes `event` to the audit log in the caller's transaction (every audited change writes
    /// its event with the change, so one is never without the other).
    static func insertAudit(_ event: AuditEvent, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO audit_event (at, client_address, actor, action, subject, outcome, reason)
            VALUES (\(event.at.millis), \(event.clientAddress), \(event.actor), \(event.action.rawValue), \(event.subject),
                    \(event.outcome.rawValue), \(event.reason))
            """, logger: logger)
    }
}
