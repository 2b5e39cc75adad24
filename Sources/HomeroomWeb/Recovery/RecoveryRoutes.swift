import Foundation
import HomeroomCore
import Hummingbird
import HummingbirdAuth

/// Forgot my Password: `/forgot-password` (username) → `/forgot-password/answers` (the claim's
/// questions) → `/forgot-password/new` (a new password) → `/forgot-password/done`; a reset code
/// (`CodeRoutes`) starts at the new password, and may add `/forgot-password/questions` (new answers). Each step's
/// rules and bookkeeping are `RecoveryOperations`; these turn them into pages and redirects.
struct RecoveryRoutes: Sendable {
    let services: AppServices
    let recovery: RecoveryOperations

    var now: Date { services.clock.now }
    var idle: TimeInterval { services.core.flowIdle }

    func add(to router: Router<AppRequestContext>) {
        router.get("/forgot-password") { request, context in
            var page = startPage(context)
            page.expired = request.uri.queryParameters["expired"] != nil
            return services.renderer.page(page)
        }
        router.post("/forgot-password") { _, context in try await submitUsername(context) }
        router.get("/forgot-password/answers") { _, context in try show(.answers, context) }
        router.post("/forgot-password/answers") { _, context in try await submitAnswers(context) }
        router.get("/forgot-password/new") { _, context in try show(.newPassword, context) }
        router.post("/forgot-password/new") { _, context in try await submitPassword(context) }
        router.get("/forgot-password/questions") { _, context in try show(.newAnswers, context) }
        router.post("/forgot-password/questions") { _, context in try await submitNewAnswers(context) }
        router.get("/forgot-password/done") { _, context in try show(.done, context) }
    }

    // MARK: Flow state

    /// The flow when `step` may be shown; else throws the redirect to answer with.
    func flow(for step: RecoveryStep, _ context: AppRequestContext) throws -> RecoveryFlow {
        // With question resets turned off, only a reset code leads past the start.
        guard recovery.enabled || step == .newPassword || step == .newAnswers || step == .done else {
            throw RedirectResponse(seeOther(RecoveryStep.start.path))
        }
        let flow = context.sessions.session?.recovery
        return try RecoveryFlow.decide(flow, step: step, now: now, idle: idle).shown(flow)
    }

    func save(_ flow: RecoveryFlow, _ context: AppRequestContext) {
        context.sessions.keep(.resetting(flow), forSeconds: idle)
    }

    func show(_ step: RecoveryStep, _ context: AppRequestContext) throws -> Response {
        switch try flow(for: step, context).state {
        case .answering(let username, let ids):
            return services.renderer.page(answersPage(username, ids, context))
        case .choosingPassword(let id):
            return services.renderer.page(passwordPage(id, context))
        case .choosingAnswers(let id):
            return services.renderer.page(newAnswersPage(id, context))
        case .done(let id):
            return services.renderer.page(RecoveryDonePage(chrome: services.renderer.chrome(title: "recovery.doneTitle", context: context),
                                                           username: StudentUsername.of(id)))
        }
    }

    // MARK: Step 1, the username

    func startPage(_ context: AppRequestContext) -> RecoveryStartPage {
        RecoveryStartPage(chrome: services.renderer.chrome(title: "common.forgotPassword", context: context), disabled: !recovery.enabled)
    }

    func submitUsername(_ context: AppRequestContext) async throws -> Response {
        guard recovery.enabled else { return services.renderer.page(startPage(context)) }
        switch LoginUsername.parse(context.form["username"]) {
        case .failure(let problem):
            var page = startPage(context)
            page.typedUsername = context.form["username"] ?? ""
            page.usernameError = context.t.text(problem.message)
            return services.renderer.page(page, status: .unprocessableContent)
        case .success(let username):
            save(try await recovery.start(username: username, by: context.actor()), context)
            return seeOther(RecoveryStep.answers.path)
        }
    }
}
