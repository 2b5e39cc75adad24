import Foundation
import GRDB

/// A throttle lock in force, as the console lists it.
public struct ThrottleLock: Sendable, Equatable {
    public let scope: ThrottleScope
    /// What is locked: an address, or an address and a name, ID or username, or an ID.
    public let key: String
    public let lockedUntil: Date
    /// Failures counted for this key within the last hour.
    public let recentFailures: Int

    /// The client address the key begins with, for scopes counted per address.
    public var address: String? { scope.address(inKey: key) }

    /// What is tried from the address (a name, an ID, a username); the whole key when the scope
    /// is not per address; empty for an address alone.
    public var tried: String {
        address.map { String(key.dropFirst($0.count).drop { $0 == " " }) } ?? key
    }
}

extension AppDatabase {
    /// Every throttle lock in force at `now`, the latest first.
    public func throttleLocks(at now: Date) async throws -> [ThrottleLock] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.scope, l.key, l.locked_until,
                       (SELECT COUNT(*) FROM throttle_failure f WHERE f.scope = l.scope AND f.key = l.key AND f.at > ?) AS failures
                FROM throttle_lock l WHERE l.locked_until > ? ORDER BY l.locked_until DESC LIMIT 500
                """, arguments: [now.addingTimeInterval(-3600), now]).compactMap { row in
                ThrottleScope(rawValue: row["scope"]).map {
                    ThrottleLock(scope: $0, key: row["key"], lockedUntil: row["locked_until"], recentFailures: row["failures"])
                }
            }
        }
    }

    /// Lifts one throttle lock and forgets its failures, with `audit`, in one transaction. False,
    /// writing nothing, when no such lock is in force.
    public func liftThrottleLock(scope: ThrottleScope, key: String, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM throttle_lock WHERE scope = ? AND key = ? AND locked_until > ?",
                           arguments: [scope.rawValue, key, now])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "DELETE FROM throttle_failure WHERE scope = ? AND key = ?", arguments: [scope.rawValue, key])
            try audit.insert(db)
            return true
        }
    }
}
