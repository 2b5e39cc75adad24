import Foundation

/// Forgot Username as an operation: last name, first name and student ID, matched as in the
/// claim, give a claimed student their username. Throttled per address, and at most
/// `usernameLookupsPerDay` requests per student ID per day (counted before matching, whatever the
/// outcome); failures say no more than the claim's.
public struct UsernameLookup: Sendable {
    let core: CoreServices

    public init(core: CoreServices) { self.core = core }

    /// What a lookup came to.
    public enum Outcome: Sendable, Equatable {
        case found(username: String)
        case failed
        /// Too many failures from the address.
        case throttled
        /// The student's lookups for today are used up.
        case overDailyLimit
    }

    /// One lookup, with its bookkeeping and audit in one write.
    public func lookUp(_ form: RosterFields, by actor: Actor) async throws -> Outcome {
        let now = core.now, core = self.core
        let address = ThrottleKey(scope: .usernameAddress, key: actor.address, rule: core.config.claimThrottle.perAddress)
        let student = ThrottleKey(scope: .usernameStudent, address: actor.address, tried: form.studentID,
                                  rule: core.config.recovery.perAddressAndStudent)
        let limit = DailyLimit(scope: .usernameLookup, key: form.studentID, day: CalendarDay.of(now),
                               max: core.config.recovery.usernameLookupsPerDay)
        let outcome = try await core.database.rosterAttempt(
            studentID: form.studentID, keys: [student, address], dailyLimit: limit, at: now,
            decide: { Self.match(form, student: $0) },
            audit: { outcome in
                switch outcome {
                case .throttled:
                    core.event(.usernameLookup, by: actor, subject: form.studentID, outcome: .throttled, reason: "address_throttled")
                case .overDailyLimit:
                    core.event(.usernameLookup, by: actor, subject: form.studentID, outcome: .throttled, reason: "daily_limit")
                case .failed(let reason):
                    core.event(.usernameLookup, by: actor, subject: form.studentID, outcome: .failure, reason: reason.rawValue)
                case .matched:
                    core.event(.usernameLookup, by: actor, subject: form.studentID, outcome: .success)
                }
            })
        switch outcome {
        case .throttled: return .throttled
        case .overDailyLimit: return .overDailyLimit
        case .failed: return .failed
        case .matched(let username): return .found(username: username)
        }
    }

    /// The claim's matching rules; only a claimed, active account has a username to show.
    static func match(_ form: RosterFields, student: Student?) -> Result<String, ClaimStartFailure> {
        ClaimFlow.matchRoster(form, student: student).flatMap { student in
            guard student.active else { return .failure(.disabled) }
            guard student.isClaimed else { return .failure(.notClaimed) }
            return .success(student.username)
        }
    }
}
