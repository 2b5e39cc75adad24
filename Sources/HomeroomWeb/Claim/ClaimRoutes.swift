import Foundation
import HomeroomCore
import Hummingbird
import HummingbirdAuth

/// The routes of Claim My Account: `/claim`, `/claim/password`, `/claim/questions`, `/claim/complete`.
/// Each step's rules and bookkeeping are `ClaimOperations`; these turn them into pages and redirects.
struct ClaimRoutes: Sendable {
    let services: AppServices
    let claim: ClaimOperations

    var idle: TimeInterval { services.core.flowIdle }
    var now: Date { services.clock.now }

    func add(to router: Router<AppRequestContext>) {
        router.get("/claim") { request, context in showStart(request, context) }
        router.post("/claim") { _, context in try await submitStart(context) }
        router.get("/claim/password") { _, context in try showPassword(context) }
        router.post("/claim/password") { _, context in try await submitPassword(context) }
        router.get("/claim/questions") { _, context in try showQuestions(context) }
        router.post("/claim/questions") { _, context in try await submitQuestions(context) }
        router.get("/claim/complete") { _, context in try showComplete(context) }
    }

    // MARK: Step 1

    func startPage(_ context: AppRequestContext) -> ClaimStartPage {
        ClaimStartPage(chrome: services.renderer.chrome(title: "common.claimMyAccount", context: context))
    }

    func showStart(_ request: Request, _ context: AppRequestContext) -> Response {
        if request.uri.queryParameters.isEmpty {
            return services.renderer.tokenOnlyPage(title: "common.claimMyAccount", context: context) { ClaimStartPage(chrome: $0) }
        }
        var page = startPage(context)
        page.expired = request.uri.queryParameters["expired"] != nil
        page.failed = request.uri.queryParameters["failed"] != nil
        return services.renderer.page(page)
    }

    func submitStart(_ context: AppRequestContext) async throws -> Response {
        let (typed, parsed) = RosterFields.parse(context.form)
        var page = startPage(context)
        page.typed = typed
        switch parsed {
        case .failure(let problems):
            page.show(problems, context.t)
            await claim.refuseFormat(typedStudentID: typed.studentID, by: context.actor())
            return services.renderer.page(page, status: .unprocessableContent)
        case .success(let form):
            switch try await claim.start(form, by: context.actor()) {
            case .throttled:
                page.throttled = true
                return services.renderer.page(page, status: .tooManyRequests)
            case .failed:
                page.failed = true
                return services.renderer.page(page)
            case .matched(let flow):
                context.sessions.createSession(.claiming(flow), expiresIn: .seconds(Int64(idle)))
                return seeOther(ClaimStep.password.path)
            }
        }
    }

    // MARK: Steps 2 to 4

    /// The flow when `step` may be shown; else throws the redirect to answer with.
    func flow(for step: ClaimStep, _ context: AppRequestContext) throws -> ClaimFlow {
        let flow = context.sessions.session?.claim
        return try ClaimFlow.decide(flow, step: step, now: now, idle: idle).shown(flow)
    }

    func save(_ flow: ClaimFlow, _ context: AppRequestContext) {
        context.sessions.keep(.claiming(flow), forSeconds: idle)
    }

    func passwordPage(_ flow: ClaimFlow, _ context: AppRequestContext, error: Message? = nil) -> ClaimPasswordPage {
        ClaimPasswordPage(chrome: services.renderer.chrome(title: "claim.passwordTitle", context: context),
                          username: StudentUsername.of(flow.state.studentID),
                          rules: services.core.passwordPolicy.descriptions.map(context.t.text),
                          error: error.map(context.t.text))
    }

    func showPassword(_ context: AppRequestContext) throws -> Response {
        services.renderer.page(passwordPage(try flow(for: .password, context), context))
    }

    func submitPassword(_ context: AppRequestContext) async throws -> Response {
        let flow = try flow(for: .password, context)
        switch try await claim.choosePassword(context.form["password"] ?? "", confirm: context.form["password_confirm"] ?? "",
                                              flow: flow) {
        case .expired: return StepDecision<ClaimStep>.expiredRedirect
        case .refused(let problem):
            return services.renderer.page(passwordPage(flow, context, error: problem.message), status: .unprocessableContent)
        case .alreadyComplete: return seeOther(ClaimStep.complete.path)
        case .chosen(let next):
            save(next, context)
            return seeOther(ClaimStep.questions.path)
        }
    }

    func questionsPage(_ flow: ClaimFlow, _ context: AppRequestContext, problems: ChallengeAnswers.Problems? = nil) -> ClaimQuestionsPage {
        let t = context.t
        return ClaimQuestionsPage(
            chrome: services.renderer.chrome(title: "claim.questionsTitle", context: context),
            username: StudentUsername.of(flow.state.studentID),
            intro: t.format("claim.questionsIntro", ["required": String(services.config.answersRequired)]),
            questions: QuestionField.fields(services.config.questions, errors: problems?.fields ?? [:], pageError: problems != nil,
                                            blankLabel: "questions.skip", t: t),
            error: problems.map { t.text($0.summary) })
    }

    func showQuestions(_ context: AppRequestContext) throws -> Response {
        services.renderer.page(questionsPage(try flow(for: .questions, context), context))
    }

    func submitQuestions(_ context: AppRequestContext) async throws -> Response {
        let flow = try flow(for: .questions, context)
        switch try await claim.complete(flow, answers: context.form, by: context.actor()) {
        case .notAnswering: return seeOther(ClaimStep.start.path)
        case .problems(let problems):
            return services.renderer.page(questionsPage(flow, context, problems: problems), status: .unprocessableContent)
        case .lost:
            context.sessions.clearSession()
            return seeOther(ClaimStep.start.path + "?failed=1")
        case .claimed(let next):
            save(next, context)
            return seeOther(ClaimStep.complete.path)
        }
    }

    func showComplete(_ context: AppRequestContext) throws -> Response {
        let flow = try flow(for: .complete, context)
        return services.renderer.page(ClaimCompletePage(chrome: services.renderer.chrome(title: "claim.completeTitle", context: context),
                                                        username: StudentUsername.of(flow.state.studentID)))
    }
}
