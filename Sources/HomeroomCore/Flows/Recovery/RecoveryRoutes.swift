import Foundation
import Hummingbird
import HummingbirdAuth

/// Forgot my Password: `/forgot-password` (username) → `/forgot-password/answers` (the claim's
/// questions) → `/forgot-password/new` (a new password) → `/forgot-password/done`.
struct RecoveryRoutes: Sendable {
    let services: AppServices
    let decoys: DecoyQuestions

    var now: Date { services.clock.now }
    var idle: TimeInterval { TimeInterval(services.config.flowIdleMinutes * 60) }
    var enabled: Bool { services.config.recovery.questionResetEnabled }

    func add(to router: Router<AppRequestContext>) {
        router.get("/forgot-password") { request, context in
            var page = startPage(context)
            page.expired = request.uri.queryParameters["expired"] != nil
            return services.renderer.page("recovery/start", page)
        }
        router.post("/forgot-password") { _, context in try await submitUsername(context) }
        router.get("/forgot-password/answers") { _, context in show(.answers, context) }
        router.post("/forgot-password/answers") { _, context in try await submitAnswers(context) }
        router.get("/forgot-password/new") { _, context in show(.newPassword, context) }
        router.post("/forgot-password/new") { _, context in try await submitPassword(context) }
        router.get("/forgot-password/done") { _, context in show(.done, context) }
    }

    // MARK: Flow state

    /// The flow when `step` may be shown, else the redirect to answer with.
    func flow(for step: RecoveryStep, _ context: AppRequestContext) -> Result<RecoveryFlow, RedirectResponse> {
        guard enabled else { return .failure(RedirectResponse(seeOther(RecoveryStep.start.path))) }
        let flow = context.sessions.session?.recovery
        switch RecoveryFlow.decide(flow, step: step, now: now, idle: idle) {
        case .show: return .success(flow!)
        case .redirect(let other): return .failure(RedirectResponse(seeOther(other.path)))
        case .expired: return .failure(RedirectResponse(seeOther(RecoveryStep.start.path + "?expired=1")))
        }
    }

    func save(_ flow: RecoveryFlow, _ context: AppRequestContext) {
        context.sessions.keep(WebSession(recovery: flow), forSeconds: idle)
    }

    func show(_ step: RecoveryStep, _ context: AppRequestContext) -> Response {
        switch flow(for: step, context) {
        case .failure(let redirect): return redirect.response
        case .success(let flow):
            switch flow.state {
            case .answering(let username, let ids):
                return services.renderer.page("recovery/answers", answersPage(username, ids, context))
            case .choosingPassword(let id): return services.renderer.page("recovery/new", passwordPage(id, context))
            case .done(let id):
                return services.renderer.page("recovery/done", RecoveryDonePage(
                    chrome: services.renderer.chrome(title: "recovery.doneTitle", context: context), username: "s" + id))
            }
        }
    }

    // MARK: Step 1

    func startPage(_ context: AppRequestContext) -> RecoveryStartPage {
        RecoveryStartPage(chrome: services.renderer.chrome(title: "common.forgotPassword", context: context), disabled: !enabled)
    }

    func submitUsername(_ context: AppRequestContext) async throws -> Response {
        guard enabled else { return services.renderer.page("recovery/start", startPage(context)) }
        switch LoginUsername.parse(context.form["username"]) {
        case .failure(let problem):
            var page = startPage(context)
            page.typedUsername = context.form["username"] ?? ""
            page.usernameError = context.t.text(problem.message)
            return services.renderer.page("recovery/start", page, status: .unprocessableContent)
        case .success(let username):
            let ids = try await questionIDs(for: username)
            await services.audit(context, action: "reset.start", subject: username, outcome: .success, reason: nil)
            save(RecoveryFlow.start(username: username, questionIDs: ids, now: now), context)
            return seeOther(RecoveryStep.answers.path)
        }
    }

    /// The questions a claimed, active student answered (in the configured order), else decoys.
    func questionIDs(for username: String) async throws -> [String] {
        let configured = services.config.questions
        if let id = StudentUsername.studentID(username), let student = try await services.database.student(id: id),
           student.isClaimed, student.active {
            let answered = Set(try await services.database.answers(studentID: id).map(\.questionID))
            let ids = configured.map(\.id).filter(answered.contains)
            if !ids.isEmpty { return ids }
        }
        return decoys.questionIDs(for: username, from: configured, count: services.config.answersRequired)
    }
}
