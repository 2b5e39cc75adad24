import Foundation
import HomeroomCore
import Hummingbird

extension RecoveryRoutes {
    // MARK: Step 2, the answers

    func answersPage(_ username: String, _ ids: [String], _ context: AppRequestContext,
                     problems: ChallengeAnswers.Problems? = nil) -> RecoveryAnswersPage {
        RecoveryAnswersPage(chrome: services.renderer.chrome(title: "recovery.answersTitle", context: context),
                            username: username,
                            questions: QuestionField.fields(recovery.questions(ids), errors: problems?.fields ?? [:],
                                                            pageError: problems != nil, blankLabel: "questions.choose", t: context.t),
                            error: problems.map { context.t.text($0.summary) })
    }

    func submitAnswers(_ context: AppRequestContext) async throws -> Response {
        let flow = try flow(for: .answers, context)
        guard case .answering(let username, let ids) = flow.state else { return seeOther(RecoveryStep.start.path) }
        var page = answersPage(username, ids, context)
        switch try await recovery.checkAnswers(context.form, flow: flow, by: context.actor()) {
        case .notAnswering: return seeOther(RecoveryStep.start.path)
        case .problems(let problems):
            return services.renderer.page(answersPage(username, ids, context, problems: problems), status: .unprocessableContent)
        case .locked:
            page.locked = true
            return services.renderer.page(page, status: .tooManyRequests)
        case .failed:
            page.failed = true
            if !page.questions.isEmpty { page.questions[0].autofocus = true }
            return services.renderer.page(page)
        case .matched(let next):
            save(next, context)
            return seeOther(RecoveryStep.newPassword.path)
        }
    }

    // MARK: Step 3, the new password

    func passwordPage(_ id: String, _ context: AppRequestContext, error: Message? = nil) -> RecoveryPasswordPage {
        RecoveryPasswordPage(chrome: services.renderer.chrome(title: "recovery.newTitle", context: context),
                             username: StudentUsername.of(id),
                             rules: services.core.passwordPolicy.descriptions.map(context.t.text),
                             error: error.map(context.t.text))
    }

    func submitPassword(_ context: AppRequestContext) async throws -> Response {
        let flow = try flow(for: .newPassword, context)
        switch try await recovery.setPassword(context.form["password"] ?? "", confirm: context.form["password_confirm"] ?? "",
                                              flow: flow, by: context.actor()) {
        case .notChoosing: return seeOther(RecoveryStep.start.path)
        case .refused(let problem):
            guard case .choosingPassword(let id) = flow.state else { return seeOther(RecoveryStep.start.path) }
            return services.renderer.page(passwordPage(id, context, error: problem.message), status: .unprocessableContent)
        case .lost:
            context.sessions.clearSession()
            return StepDecision<RecoveryStep>.expiredRedirect
        case .reset(let next):
            save(next, context)
            if case .choosingAnswers = next.state { return seeOther(RecoveryStep.newAnswers.path) }
            return seeOther(RecoveryStep.done.path)
        }
    }

    // MARK: After a reset code, new answers (`codes.resetAsksNewAnswers`)

    func newAnswersPage(_ id: String, _ context: AppRequestContext, problems: ChallengeAnswers.Problems? = nil) -> RecoveryNewAnswersPage {
        let t = context.t
        return RecoveryNewAnswersPage(
            chrome: services.renderer.chrome(title: "recovery.newAnswersTitle", context: context),
            username: StudentUsername.of(id),
            intro: t.format("recovery.newAnswersIntro", ["required": String(services.config.answersRequired)]),
            questions: QuestionField.fields(services.config.questions, errors: problems?.fields ?? [:], pageError: problems != nil,
                                            blankLabel: "questions.skip", t: t),
            error: problems.map { t.text($0.summary) })
    }

    func submitNewAnswers(_ context: AppRequestContext) async throws -> Response {
        let flow = try flow(for: .newAnswers, context)
        switch try await recovery.setNewAnswers(context.form, flow: flow, by: context.actor()) {
        case .notChoosing: return seeOther(RecoveryStep.start.path)
        case .problems(let problems):
            guard case .choosingAnswers(let id) = flow.state else { return seeOther(RecoveryStep.start.path) }
            return services.renderer.page(newAnswersPage(id, context, problems: problems), status: .unprocessableContent)
        case .lost:
            context.sessions.clearSession()
            return StepDecision<RecoveryStep>.expiredRedirect
        case .replaced(let next):
            save(next, context)
            return seeOther(RecoveryStep.done.path)
        }
    }
}
