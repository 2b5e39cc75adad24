import Crypto
import Foundation

/// Forgot my Password's steps as operations: the questions to ask, the answers' check with its
/// throttles and decoys, and the new password, HTTP aside.
public struct RecoveryOperations: Sendable {
    let core: CoreServices
    let decoys: DecoyQuestions

    /// Reads (or makes, the first time) the server secret the decoy questions are chosen with.
    public init(core: CoreServices) async throws {
        self.core = core
        let key = try await core.database.secret(named: "decoy_question_key") { Secrets.randomToken(bytes: 32) }
        decoys = DecoyQuestions(key: SymmetricKey(data: Data(key.utf8)))
    }

    /// Whether the district lets students reset with their challenge answers.
    public var enabled: Bool { core.config.recovery.questionResetEnabled }

    /// Step 1: the questions for `username` (the student's own, else decoys), audited.
    public func start(username: String, by actor: Actor) async throws -> RecoveryFlow {
        let ids = try await questionIDs(for: username)
        await core.audit(.resetStart, by: actor, subject: username, outcome: .success)
        return RecoveryFlow.start(username: username, questionIDs: ids, now: core.now)
    }

    /// The questions a claimed, active student answered (in the configured order), else decoys.
    func questionIDs(for username: String) async throws -> [String] {
        let configured = core.config.questions
        if let id = StudentUsername.studentID(username), let student = try await core.database.student(id: id),
           student.isClaimed, student.active {
            let answered = Set(try await core.database.answers(studentID: id).map(\.questionID))
            let ids = configured.map(\.id).filter(answered.contains)
            if !ids.isEmpty { return ids }
        }
        return decoys.questionIDs(for: username, from: configured, count: core.config.answersRequired)
    }

    /// The configured questions among `ids`, in the configured order.
    public func questions(_ ids: [String]) -> [ChallengeQuestion] {
        core.config.questions.filter { ids.contains($0.id) }
    }

    /// What the answers step came to. Every failure looks the same to the student.
    public enum AnswersOutcome: Sendable, Equatable {
        case matched(RecoveryFlow)
        case problems(ChallengeAnswers.Problems)
        case failed
        /// Reset is locked for the account, or paused for the address.
        case locked
        /// The flow is not at this step.
        case notAnswering
    }

    /// Step 2: every question asked must be answered; the attempt is counted against the address
    /// and the account before the answers are checked, and settled in one write with its audit.
    public func checkAnswers(_ form: FormFields, flow: RecoveryFlow, by actor: Actor) async throws -> AnswersOutcome {
        guard case .answering(let username, let ids) = flow.state else { return .notAnswering }
        let asked = questions(ids)
        let answers: [String: String]
        switch ChallengeAnswers.check(form, questions: asked, required: asked.count) {
        case .failure(var problems):
            if problems.fields.isEmpty { problems.summary = Message("questions.answerEvery") }
            return .problems(problems)
        case .success(let value): answers = value
        }
        let rules = core.config.recovery
        let address = [ThrottleKey(scope: .resetUsername, address: actor.address, tried: username, rule: rules.perAddressAndUsername),
                       ThrottleKey(scope: .resetAddress, key: actor.address, rule: core.config.signInThrottle.perAddress)]
        let gate = try await core.database.beginReset(username: username, address: address, maxFailures: rules.failedResetsBeforeLock,
                                                      lockFor: TimeInterval(rules.resetLockHours * 3600), at: core.now)
        let ticket: ResetTicket
        switch gate {
        case .addressThrottled: return await refuse(username, reason: "address_throttled", by: actor)
        case .locked: return await refuse(username, reason: "locked", by: actor)
        case .allowed(let value): ticket = value
        }
        let result: Result<String, ResetFailure>
        do {
            result = try await check(username: username, answers: answers)
        } catch {
            try await core.database.resetAbandoned(ticket)
            throw error
        }
        switch result {
        case .failure(let reason):
            let event = core.event(.resetAnswers, by: actor, subject: username, outcome: .failure, reason: reason.rawValue)
            try await core.database.resetAnswersChecked(ticket, matched: false, audit: event)
            return .failed
        case .success(let id):
            let event = core.event(.resetAnswers, by: actor, subject: username, outcome: .success)
            try await core.database.resetAnswersChecked(ticket, matched: true, audit: event)
            guard let next = flow.answersMatched(studentID: id, now: core.now) else { return .notAnswering }
            return .matched(next)
        }
    }

    private func refuse(_ username: String, reason: String, by actor: Actor) async -> AnswersOutcome {
        await core.audit(.resetAnswers, by: actor, subject: username, outcome: .throttled, reason: reason)
        return .locked
    }

    /// Verifies every answer, each against the student's hash or the decoy, so that every kind of
    /// failure does the same work. Returns the student ID when all match.
    func check(username: String, answers: [String: String]) async throws -> Result<String, ResetFailure> {
        let id = StudentUsername.studentID(username)
        var student: Student?
        var stored: [ChallengeAnswer] = []
        if let id {
            student = try await core.database.student(id: id)
            stored = try await core.database.answers(studentID: id)
        }
        let hashes = Dictionary(stored.map { ($0.questionID, $0.answerHash) }, uniquingKeysWith: { first, _ in first })
        let pairs = answers.map { ($0.value, hashes[$0.key] ?? core.decoyHash, hashes[$0.key] != nil) }
        let hasher = core.hasher
        let matched = try await core.pool.run(.verify) {
            pairs.map { hasher.verify($0.0, against: $0.1) && $0.2 }.allSatisfy { $0 }
        }
        guard let student, let id else { return .failure(.unknownUser) }
        guard student.isClaimed else { return .failure(.unclaimed) }
        guard student.active else { return .failure(.disabled) }
        guard matched else { return .failure(.wrongAnswers) }
        return .success(id)
    }

    /// What the new-password step came to.
    public enum PasswordOutcome: Sendable, Equatable {
        case reset(RecoveryFlow)
        case refused(PasswordProblem)
        /// The account is no longer claimed and active: start again.
        case lost
        /// The flow is not at this step.
        case notChoosing
    }

    /// Step 3: the configured password rules, then one write that stores the hash, clears the
    /// locks, ends every other session and audits.
    public func setPassword(_ password: String, confirm: String, flow: RecoveryFlow, by actor: Actor) async throws -> PasswordOutcome {
        guard case .choosingPassword(let id) = flow.state,
              let student = try await core.database.student(id: id) else { return .notChoosing }
        if let problem = core.passwordPolicy.check(password, confirm: confirm,
                                                   personal: [student.username, id, student.firstName, student.lastName]) {
            return .refused(problem)
        }
        let hash = try await core.hashPassword(password)
        let event = core.event(.resetComplete, by: actor, subject: student.username, outcome: .success)
        guard try await core.database.completeReset(studentID: id, passwordHash: hash, at: core.now, audit: event),
              let next = flow.passwordReset(now: core.now) else {
            await core.audit(.resetComplete, by: actor, subject: student.username, outcome: .failure, reason: "not_claimed_or_disabled")
            return .lost
        }
        return .reset(next)
    }

    /// What the new-answers step came to.
    public enum NewAnswersOutcome: Sendable, Equatable {
        case replaced(RecoveryFlow)
        case problems(ChallengeAnswers.Problems)
        /// The account is no longer claimed and active: start again.
        case lost
        /// The flow is not at this step.
        case notChoosing
    }

    /// After a reset code's new password, when the district asks for it: the claim's rules for
    /// answers, hashed, then one write that replaces the old answers and audits.
    public func setNewAnswers(_ form: FormFields, flow: RecoveryFlow, by actor: Actor) async throws -> NewAnswersOutcome {
        guard case .choosingAnswers(let id) = flow.state, let next = flow.answersReplaced(now: core.now) else { return .notChoosing }
        let hashed: [ChallengeAnswer]
        switch try await core.hashedAnswers(form, studentID: id) {
        case .failure(let problems): return .problems(problems)
        case .success(let answers): hashed = answers
        }
        let username = StudentUsername.of(id)
        guard try await core.database.replaceAnswers(studentID: id, answers: hashed,
                                                     audit: core.event(.resetNewAnswers, by: actor, subject: username, outcome: .success)) else {
            await core.audit(.resetNewAnswers, by: actor, subject: username, outcome: .failure, reason: "not_claimed_or_disabled")
            return .lost
        }
        return .replaced(next)
    }
}
