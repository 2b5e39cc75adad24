import Foundation
import PostgresNIO

/// The technician's throttle console on PostgreSQL (see `AppDatabase+Locks`).
extension PostgresStore {
    public func throttleLocks(at now: Date) async throws -> [ThrottleLock] {
        try await rows("""
            SELECT l.scope, l.key, l.locked_until,
                   (SELECT COUNT(*) FROM throttle_failure f WHERE f.scope = l.scope AND f.key = l.key AND f.at > \(now.addingTimeInterval(-3600).millis))
            FROM throttle_lock l WHERE l.locked_until > \(now.millis) ORDER BY l.locked_until DESC LIMIT 500
            """).compactMap { row in
            let (scope, key, lockedUntil, failures) = try row.decode((String, String, Int64, Int64).self)
            return ThrottleScope(rawValue: scope).map {
                ThrottleLock(scope: $0, key: key, lockedUntil: Date(millis: lockedUntil), recentFailures: Int(failures))
            }
        }
    }

    /// False, writing nothing, when no such lock is in force: the delete is the guard, so of two
    /// technicians lifting one lock at once only one is audited.
    public func liftThrottleLock(scope: ThrottleScope, key: String, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await transaction { connection in
            let lifted = try await connection.changes("""
                DELETE FROM throttle_lock WHERE scope = \(scope.rawValue) AND key = \(key) AND locked_until > \(now.millis)
                """, logger: logger)
            guard lifted == 1 else { return false }
            try await connection.rows("DELETE FROM throttle_failure WHERE scope = \(scope.rawValue) AND key = \(key)", logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
            return true
        }
    }
}
