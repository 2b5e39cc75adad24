import Foundation
import GRDB

/// What one attempt at matching the roster (Claim step 1, Forgot Username) came to.
public enum RosterAttempt<Value: Sendable, Failure: Error & Sendable>: Sendable {
    /// A throttle's lock is in force for this scope; the roster was not looked at.
    case throttled(ThrottleScope)
    /// The student's requests for the day are used up; the roster was not looked at.
    case overDailyLimit
    /// The fields did not match (or the account cannot be used): the attempt counts as a failure.
    case failed(Failure)
    /// They matched: the attempt's failure was taken back.
    case matched(Value)
}

/// A limit on requests per key and calendar day, counted whatever their outcome.
public struct DailyLimit: Sendable, Equatable {
    public let scope: DailyLimitScope
    public let key: String
    /// The day, `YYYY-MM-DD`.
    public let day: String
    public let max: Int

    public init(scope: DailyLimitScope, key: String, day: String, max: Int) {
        self.scope = scope
        self.key = key
        self.day = day
        self.max = max
    }
}

extension AppDatabase {
    /// One attempt at the roster with all of its bookkeeping in one write: the attempt is counted
    /// against `keys` (and `dailyLimit`) before the student is looked at, `decide` judges the
    /// student found under `studentID` (a pure function: no hashing happens here), a match takes
    /// the counted failure back, and the event `audit` makes of the outcome is written.
    public func rosterAttempt<Value: Sendable, Failure: Error & Sendable>(
        studentID: String, keys: [ThrottleKey], dailyLimit: DailyLimit? = nil, at now: Date,
        decide: @escaping @Sendable (Student?) -> Result<Value, Failure>,
        audit: @escaping @Sendable (RosterAttempt<Value, Failure>) -> AuditEvent
    ) async throws -> RosterAttempt<Value, Failure> {
        try await writer.write { db in
            let outcome: RosterAttempt<Value, Failure>
            switch try Self.beginAttempt(db, keys, at: now) {
            case .throttled(let scope):
                outcome = .throttled(scope)
            case .allowed(let ticket):
                if let dailyLimit, try Self.countDailyRequest(db, dailyLimit) > dailyLimit.max {
                    outcome = .overDailyLimit
                } else {
                    switch decide(try Self.student(db, id: studentID)) {
                    case .failure(let reason):
                        outcome = .failed(reason)
                    case .success(let value):
                        try Self.forgive(db, ticket)
                        outcome = .matched(value)
                    }
                }
            }
            try audit(outcome).insert(db)
            return outcome
        }
    }
}
