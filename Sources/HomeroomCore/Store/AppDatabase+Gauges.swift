import Foundation
import GRDB

/// What the store holds now that an operator watches: read for each scrape of `/metrics`.
public struct StoreGauges: Sendable, Equatable {
    /// Active students who have claimed their account, and who have not.
    public var claimedStudents = 0
    public var unclaimedStudents = 0
    /// Whether the students were counted in this read (else the two counts above are 0).
    public var studentsCounted = false
    /// Browser sessions signed in and not expired (a session ended by a technician or a reset
    /// stops counting at once).
    public var signedInSessions = 0
    /// Throttle locks in force, by scope.
    public var throttleLocks: [ThrottleScope: Int] = [:]
    /// Accounts locked after too many failed sign-ins, until unlocked.
    public var lockedAccounts = 0

    public init() {}
}

extension AppDatabase {
    /// The gauges at `now`, in one read (a snapshot). Counting the students reads the whole
    /// table (0.4 s at 1,000,000 students), so without `countingStudents` those two stay 0 and
    /// the caller keeps its last count.
    public func gauges(at now: Date, countingStudents: Bool = true) async throws -> StoreGauges {
        try await writer.read { db in
            var gauges = StoreGauges()
            let students = countingStudents ? try Row.fetchAll(db, sql: """
                SELECT claimed_at IS NOT NULL AS claimed, COUNT(*) AS n FROM student WHERE active = 1 GROUP BY 1
                """) : []
            gauges.studentsCounted = countingStudents
            for row in students {
                if row["claimed"] as Bool { gauges.claimedStudents = row["n"] } else { gauges.unclaimedStudents = row["n"] }
            }
            gauges.signedInSessions = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM web_session WHERE username IS NOT NULL AND (expires_at IS NULL OR expires_at > ?)
                """, arguments: [now]) ?? 0
            for row in try Row.fetchAll(db, sql: """
                SELECT scope, COUNT(*) AS n FROM throttle_lock WHERE locked_until > ? GROUP BY scope
                """, arguments: [now]) {
                if let scope = ThrottleScope(rawValue: row["scope"]) { gauges.throttleLocks[scope] = row["n"] }
            }
            gauges.lockedAccounts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account_guard WHERE locked_at IS NOT NULL") ?? 0
            return gauges
        }
    }
}
