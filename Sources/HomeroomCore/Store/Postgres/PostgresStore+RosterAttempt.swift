import Foundation
import Logging
import PostgresNIO

/// One attempt at the roster with its bookkeeping on PostgreSQL (see `AppDatabase.rosterAttempt`).
extension PostgresStore {
    /// In one transaction: the attempt counted under the keys' advisory locks (`beginAttempt`),
    /// the day's count raised by one upsert, `decide` (pure, cheap) run on the student found.
    public func rosterAttempt<Value: Sendable, Failure: Error & Sendable>(
        studentID: String, keys: [ThrottleKey], dailyLimit: DailyLimit?, at now: Date,
        decide: @escaping @Sendable (Student?) -> Result<Value, Failure>,
        audit: @escaping @Sendable (RosterAttempt<Value, Failure>) -> AuditEvent
    ) async throws -> RosterAttempt<Value, Failure> {
        try await transaction { connection in
            let outcome: RosterAttempt<Value, Failure>
            switch try await Self.beginAttempt(connection, keys, at: now, logger: logger) {
            case .throttled(let scope):
                outcome = .throttled(scope)
            case .allowed(let ticket):
                if let dailyLimit, try await Self.countDailyRequest(connection, dailyLimit, logger: logger) > dailyLimit.max {
                    outcome = .overDailyLimit
                } else {
                    let found = try await connection.rows("SELECT * FROM student WHERE student_id = \(studentID)", logger: logger)
                    switch decide(try found.first?.record(Student.self)) {
                    case .failure(let reason):
                        outcome = .failed(reason)
                    case .success(let value):
                        try await Self.forgive(connection, ticket, logger: logger)
                        outcome = .matched(value)
                    }
                }
            }
            try await Self.insertAudit(audit(outcome), connection, logger: logger)
            return outcome
        }
    }

    /// Counts one request against `limit`'s key and day; the count with it (one upsert, so
    /// parallel requests each see their own number).
    static func countDailyRequest(_ connection: PostgresConnection, _ limit: DailyLimit, logger: Logger) async throws -> Int {
        let rows = try await connection.rows("""
            INSERT INTO daily_request (scope, key, day, count) VALUES (\(limit.scope.rawValue), \(limit.key), \(limit.day), 1)
            ON CONFLICT (scope, key, day) DO UPDATE SET count = daily_request.count + 1
            RETURNING count
            """, logger: logger)
        return try rows[0].decode(Int.self)
    }
}
