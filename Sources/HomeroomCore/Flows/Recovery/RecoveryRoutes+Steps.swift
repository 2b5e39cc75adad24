import Foundation
import Hummingbird

extension RecoveryRoutes {
    // MARK: Step 2, the answers

    func answersPage(_ username: String, _ ids: [String], _ context: AppRequestContext,
                     errors: [String: Message] = [:], error: Message? = nil) -> RecoveryAnswersPage {
        let questions = services.config.questions.filter { ids.contains($0.id) }
        return RecoveryAnswersPage(chrome: services.renderer.chrome(title: "recovery.answersTitle", context: context),
                                   username: username,
                                   questions: QuestionField.fields(questions, errors: errors, pageError: error != nil,
                                                                   blankLabel: "questions.choose", t: context.t),
                                   error: error.map(context.t.text))
    }

    func submitAnswers(_ context: AppRequestContext) async throws -> Response {
        let flow: RecoveryFlow
        switch self.flow(for: .answers, context) {
        case .failure(let redirect): return redirect.response
        case .success(let value): flow = value
        }
        guard case .answering(let username, let ids) = flow.state else { return seeOther(RecoveryStep.start.path) }
        var page = answersPage(username, ids, context)
        let asked = services.config.questions.filter { ids.contains($0.id) }
        let answers: [String: String]
        switch ChallengeAnswers.check(context.form, questions: asked, required: asked.count) {
        case .failure(let problems):
            page = answersPage(username, ids, context, errors: problems.fields,
                               error: problems.fields.isEmpty ? Message("questions.answerEvery") : problems.summary)
            return services.renderer.page("recovery/answers", page, status: .unprocessableContent)
        case .success(let value): answers = value
        }
        let address = ThrottleKey(scope: "reset.address", key: context.clientAddress, rule: services.config.signInThrottle.perAddress)
        guard case .allowed(let addressTicket) = try await services.database.beginAttempt([address], at: now) else {
            return try await refuse(username, reason: "address_throttled", page: page, context)
        }
        let rules = services.config.recovery
        let gate = try await services.database.beginReset(username: username, maxFailures: rules.failedResetsBeforeLock,
                                                          lockFor: TimeInterval(rules.resetLockHours * 3600), at: now)
        guard case .allowed(let ticket) = gate else { return try await refuse(username, reason: "locked", page: page, context) }
        let result: Result<String, ResetFailure>
        do {
            result = try await check(username: username, answers: answers)
        } catch {
            try await services.database.resetAbandoned(ticket)
            try await services.database.forgive(addressTicket)
            throw error
        }
        switch result {
        case .failure(let reason):
            await services.audit(context, action: "reset.answers", subject: username, outcome: .failure, reason: reason.rawValue)
            page.failed = true
            if !page.questions.isEmpty { page.questions[0].autofocus = true }
            return services.renderer.page("recovery/answers", page)
        case .success(let id):
            try await services.database.resetAnswersMatched(ticket)
            try await services.database.forgive(addressTicket)
            await services.audit(context, action: "reset.answers", subject: username, outcome: .success, reason: nil)
            guard let next = flow.answersMatched(studentID: id, now: now) else { return seeOther(RecoveryStep.start.path) }
            save(next, context)
            return seeOther(RecoveryStep.newPassword.path)
        }
    }

    /// Verifies every answer, each against the student's hash or the decoy, so that every kind of
    /// failure does the same work. Returns the student ID when all match.
    func check(username: String, answers: [String: String]) async throws -> Result<String, ResetFailure> {
        let id = StudentUsername.studentID(username)
        let student = try await id.asyncMap { try await services.database.student(id: $0) } ?? nil
        let stored = try await id.asyncMap { try await services.database.answers(studentID: $0) } ?? []
        let hashes = Dictionary(stored.map { ($0.questionID, $0.answerHash) }, uniquingKeysWith: { first, _ in first })
        let pairs = answers.map { ($0.value, hashes[$0.key] ?? services.decoyHash, hashes[$0.key] != nil) }
        let hasher = services.hasher
        let matched = try await services.pool.run {
            pairs.map { hasher.verify($0.0, against: $0.1) && $0.2 }.allSatisfy { $0 }
        }
        guard let student, let id else { return .failure(.unknownUser) }
        guard student.isClaimed else { return .failure(.unclaimed) }
        guard student.active else { return .failure(.disabled) }
        guard matched else { return .failure(.wrongAnswers) }
        return .success(id)
    }

    /// A locked or throttled attempt: 429 and the lock's message; nothing was checked.
    func refuse(_ username: String, reason: String, page: RecoveryAnswersPage,
                _ context: AppRequestContext) async throws -> Response {
        var page = page
        page.locked = true
        await services.audit(context, action: "reset.answers", subject: username, outcome: .throttled, reason: reason)
        return services.renderer.page("recovery/answers", page, status: .tooManyRequests)
    }

    // MARK: Step 3, the new password

    func passwordPage(_ id: String, _ context: AppRequestContext, error: Message? = nil) -> RecoveryPasswordPage {
        RecoveryPasswordPage(chrome: services.renderer.chrome(title: "recovery.newTitle", context: context), username: "s" + id,
                             rules: PasswordPolicy(rules: services.config.password).descriptions.map(context.t.text),
                             error: error.map(context.t.text))
    }

    func submitPassword(_ context: AppRequestContext) async throws -> Response {
        let flow: RecoveryFlow
        switch self.flow(for: .newPassword, context) {
        case .failure(let redirect): return redirect.response
        case .success(let value): flow = value
        }
        guard case .choosingPassword(let id) = flow.state,
              let student = try await services.database.student(id: id) else { return seeOther(RecoveryStep.start.path) }
        let password = context.form["password"] ?? ""
        if let problem = PasswordPolicy(rules: services.config.password).check(
            password, confirm: context.form["password_confirm"] ?? "",
            personal: [student.username, id, student.firstName, student.lastName]) {
            return services.renderer.page("recovery/new", passwordPage(id, context, error: problem.message),
                                          status: .unprocessableContent)
        }
        let hasher = services.hasher, normalized = PasswordPolicy.normalized(password)
        let hash = try await services.pool.run { try hasher.hash(normalized) }
        guard try await services.database.completeReset(studentID: id, passwordHash: hash, at: now),
              let next = flow.passwordReset(now: now) else {
            await services.audit(context, action: "reset.complete", subject: student.username, outcome: .failure, reason: "not_claimed_or_disabled")
            context.sessions.clearSession()
            return seeOther(RecoveryStep.start.path + "?expired=1")
        }
        await services.audit(context, action: "reset.complete", subject: student.username, outcome: .success, reason: nil)
        save(next, context)
        return seeOther(RecoveryStep.done.path)
    }
}

extension Optional {
    /// `map` with an async throwing transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
