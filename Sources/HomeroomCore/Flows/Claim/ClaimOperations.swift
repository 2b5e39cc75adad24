import Foundation

/// Claim My Account's steps as operations: the rules, the hashing, the bookkeeping and the audit
/// of each, HTTP aside. The route keeps the flow in the browser's session.
public struct ClaimOperations: Sendable {
    let core: CoreServices

    public init(core: CoreServices) { self.core = core }

    /// What step 1 came to. Every failure looks the same to the student.
    public enum StartOutcome: Sendable, Equatable {
        case matched(ClaimFlow)
        case failed
        /// A lock is in force for the ID or the address.
        case throttled
    }

    /// Step 1 with fields that are not well formed: counted and audited; the roster was not looked at.
    public func refuseFormat(typedStudentID: String, by actor: Actor) async {
        core.metrics.claimStarts.count(.format)
        await core.audit(.claimStart, by: actor, subject: typedStudentID, outcome: .failure, reason: "format")
    }

    /// Step 1: the fields against the roster, throttled per student ID, per address and name, and
    /// per address, in one write (count, match, take the count back on a match, audit).
    public func start(_ form: RosterFields, by actor: Actor) async throws -> StartOutcome {
        let throttle = core.config.claimThrottle
        let keys = [ThrottleKey(scope: .claimStudent, key: form.studentID, rule: throttle.perStudent),
                    ThrottleKey(scope: .claimName, address: actor.address, tried: form.throttledName, rule: throttle.perName),
                    ThrottleKey(scope: .claimAddress, address: actor.address, rule: throttle.perAddress)]
        let now = core.now, core = self.core
        let outcome = try await core.database.rosterAttempt(
            studentID: form.studentID, keys: keys, at: now,
            decide: { ClaimFlow.start(form, student: $0, now: now) },
            audit: { outcome in
                switch outcome {
                case .throttled, .overDailyLimit:
                    core.event(.claimStart, by: actor, subject: form.studentID, outcome: .throttled, reason: "throttled")
                case .failed(let reason):
                    core.event(.claimStart, by: actor, subject: form.studentID, outcome: .failure, reason: reason.rawValue)
                case .matched:
                    core.event(.claimStart, by: actor, subject: form.studentID, outcome: .success, reason: "matched")
                }
            })
        switch outcome {
        case .throttled, .overDailyLimit:
            core.metrics.claimStarts.count(.throttled)
            return .throttled
        case .failed:
            core.metrics.claimStarts.count(.failed)
            return .failed
        case .matched(let flow):
            core.metrics.claimStarts.count(.matched)
            return .matched(flow)
        }
    }

    /// What step 2 came to.
    public enum PasswordOutcome: Sendable, Equatable {
        /// The password's hash is kept in the flow; on to the questions.
        case chosen(ClaimFlow)
        case refused(PasswordProblem)
        /// The student is no longer on the roster: start again.
        case expired
        /// The claim is already written.
        case alreadyComplete
    }

    /// Step 2: the configured password rules (the student's own details refused), then the hash.
    public func choosePassword(_ password: String, confirm: String, flow: ClaimFlow) async throws -> PasswordOutcome {
        let id = flow.state.studentID
        guard let student = try await core.database.student(id: id) else { return .expired }
        if let problem = core.passwordPolicy.check(password, confirm: confirm,
                                                   personal: [student.username, id, student.firstName, student.lastName]) {
            return .refused(problem)
        }
        let hash = try await core.hashPassword(password)
        guard let next = flow.passwordChosen(hash: hash, now: core.now) else { return .alreadyComplete }
        return .chosen(next)
    }

    /// What step 3 came to.
    public enum CompleteOutcome: Sendable, Equatable {
        /// The claim is written.
        case claimed(ClaimFlow)
        case problems(ChallengeAnswers.Problems)
        /// Someone else claimed the account first (or it was disabled): the fixed failure.
        case lost
        /// The flow is not at this step.
        case notAnswering
    }

    /// Step 3: the answers checked and hashed, then the one write that makes the claim real.
    public func complete(_ flow: ClaimFlow, answers form: FormFields, by actor: Actor) async throws -> CompleteOutcome {
        guard case .answeringQuestions(let id, let passwordHash) = flow.state else { return .notAnswering }
        let hashed: [ChallengeAnswer]
        switch try await core.hashedAnswers(form, studentID: id) {
        case .failure(let problems): return .problems(problems)
        case .success(let answers): hashed = answers
        }
        let event = core.event(.claimComplete, by: actor, subject: id, outcome: .success, reason: "claimed")
        var claimed = try await core.database.completeClaim(studentID: id, passwordHash: passwordHash, answers: hashed,
                                                            at: core.now, audit: event)
        if !claimed {
            // The same browser sending step 3 twice at once: the first one's claim is this one.
            claimed = try await core.database.student(id: id)?.passwordHash == passwordHash
            if claimed { await core.audit(.claimComplete, by: actor, subject: id, outcome: .success, reason: "claimed") }
        }
        guard claimed, let next = flow.claimed(now: core.now) else {
            await core.audit(.claimComplete, by: actor, subject: id, outcome: .failure, reason: "already_claimed")
            return .lost
        }
        core.metrics.claimsCompleted.increment()
        return .claimed(next)
    }
}
