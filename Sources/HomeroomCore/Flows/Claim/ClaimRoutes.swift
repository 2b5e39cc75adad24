import Foundation
import Hummingbird
import HummingbirdAuth

/// The routes of Claim My Account: `/claim`, `/claim/password`, `/claim/questions`, `/claim/complete`.
struct ClaimRoutes: Sendable {
    let services: AppServices

    var idle: TimeInterval { TimeInterval(services.config.flowIdleMinutes * 60) }
    var now: Date { services.clock.now }

    func add(to router: Router<AppRequestContext>) {
        router.get("/claim") { request, context in showStart(request, context) }
        router.post("/claim") { _, context in try await submitStart(context) }
        router.get("/claim/password") { _, context in try await showPassword(context) }
        router.post("/claim/password") { _, context in try await submitPassword(context) }
        router.get("/claim/questions") { _, context in showQuestions(context) }
        router.post("/claim/questions") { _, context in try await submitQuestions(context) }
        router.get("/claim/complete") { _, context in showComplete(context) }
    }

    // MARK: Step 1

    func startPage(_ context: AppRequestContext) -> ClaimStartPage {
        ClaimStartPage(chrome: services.renderer.chrome(title: "common.claimMyAccount", context: context))
    }

    func showStart(_ request: Request, _ context: AppRequestContext) -> Response {
        if request.uri.queryParameters.isEmpty {
            return services.renderer.tokenOnlyPage("claim/start", title: "common.claimMyAccount", context: context) { ClaimStartPage(chrome: $0) }
        }
        var page = startPage(context)
        page.expired = request.uri.queryParameters["expired"] != nil
        page.failed = request.uri.queryParameters["failed"] != nil
        return services.renderer.page("claim/start", page)
    }

    func submitStart(_ context: AppRequestContext) async throws -> Response {
        let (typed, parsed) = ClaimStartForm.parse(context.form)
        var page = startPage(context)
        page.typed = typed
        let form: ClaimStartForm
        switch parsed {
        case .failure(let problems):
            page.show(problems, context.t)
            services.metrics.claimStart("format")
            await services.audit(context, action: "claim.start", subject: typed.studentID, outcome: .failure, reason: "format")
            return services.renderer.page("claim/start", page, status: .unprocessableContent)
        case .success(let value):
            form = value
        }
        let throttle = services.config.claimThrottle
        let keys = [ThrottleKey(scope: "claim.student", key: form.studentID, rule: throttle.perStudent),
                    ThrottleKey(scope: "claim.address", key: context.clientAddress, rule: throttle.perAddress)]
        guard case .allowed(let ticket) = try await services.database.beginAttempt(keys, at: now) else {
            services.metrics.claimStart("throttled")
            await services.audit(context, action: "claim.start", subject: form.studentID, outcome: .throttled, reason: "throttled")
            page.throttled = true
            return services.renderer.page("claim/start", page, status: .tooManyRequests)
        }
        let student = try await services.database.student(id: form.studentID)
        switch ClaimFlow.start(form, student: student, now: now) {
        case .failure(let reason):
            services.metrics.claimStart("failed")
            await services.audit(context, action: "claim.start", subject: form.studentID, outcome: .failure, reason: reason.rawValue)
            page.failed = true
            return services.renderer.page("claim/start", page)
        case .success(let flow):
            try await services.database.forgive(ticket)
            services.metrics.claimStart("matched")
            await services.audit(context, action: "claim.start", subject: form.studentID, outcome: .success, reason: "matched")
            context.sessions.createSession(WebSession(claim: flow), expiresIn: .seconds(Int64(idle)))
            return seeOther(ClaimStep.password.path)
        }
    }

    // MARK: Steps 2 to 4

    /// A step's flow, or the redirect to answer with instead.
    enum Access {
        case allowed(ClaimFlow)
        case redirect(Response)
    }

    /// The flow when `step` may be shown, else the redirect to answer with.
    func flow(for step: ClaimStep, _ context: AppRequestContext) -> Access {
        let flow = context.sessions.session?.claim
        switch ClaimFlow.decide(flow, step: step, now: now, idle: idle) {
        case .show: return .allowed(flow!)
        case .redirect(let other): return .redirect(seeOther(other.path))
        case .expired: return .redirect(seeOther(ClaimStep.start.path + "?expired=1"))
        }
    }

    func save(_ flow: ClaimFlow, _ context: AppRequestContext) {
        context.sessions.keep(WebSession(claim: flow), forSeconds: idle)
    }

    func passwordPage(_ flow: ClaimFlow, _ context: AppRequestContext, error: Message? = nil) -> ClaimPasswordPage {
        ClaimPasswordPage(chrome: services.renderer.chrome(title: "claim.passwordTitle", context: context),
                          username: "s" + flow.state.studentID,
                          rules: PasswordPolicy(rules: services.config.password).descriptions.map(context.t.text),
                          error: error.map(context.t.text))
    }

    func showPassword(_ context: AppRequestContext) async throws -> Response {
        switch flow(for: .password, context) {
        case .redirect(let response): return response
        case .allowed(let flow): return services.renderer.page("claim/password", passwordPage(flow, context))
        }
    }

    func submitPassword(_ context: AppRequestContext) async throws -> Response {
        let flow: ClaimFlow
        switch self.flow(for: .password, context) {
        case .redirect(let response): return response
        case .allowed(let value): flow = value
        }
        let id = flow.state.studentID
        guard let student = try await services.database.student(id: id) else {
            return seeOther(ClaimStep.start.path + "?expired=1")
        }
        let password = context.form["password"] ?? ""
        let policy = PasswordPolicy(rules: services.config.password)
        if let problem = policy.check(password, confirm: context.form["password_confirm"] ?? "",
                                      personal: ["s" + id, id, student.firstName, student.lastName]) {
            return services.renderer.page("claim/password", passwordPage(flow, context, error: problem.message),
                                          status: .unprocessableContent)
        }
        let hasher = services.hasher
        let normalized = PasswordPolicy.normalized(password)
        let hash = try await services.pool.run { try hasher.hash(normalized) }
        guard let next = flow.passwordChosen(hash: hash, now: now) else { return seeOther(ClaimStep.complete.path) }
        save(next, context)
        return seeOther(ClaimStep.questions.path)
    }

    func questionsPage(_ flow: ClaimFlow, _ context: AppRequestContext,
                       errors: [String: Message] = [:], error: Message? = nil) -> ClaimQuestionsPage {
        let t = context.t
        return ClaimQuestionsPage(
            chrome: services.renderer.chrome(title: "claim.questionsTitle", context: context),
            username: "s" + flow.state.studentID,
            intro: t.format("claim.questionsIntro", ["required": String(services.config.answersRequired)]),
            questions: QuestionField.fields(services.config.questions, errors: errors, pageError: error != nil,
                                            blankLabel: "questions.skip", t: t),
            error: error.map(t.text))
    }

    func showQuestions(_ context: AppRequestContext) -> Response {
        switch flow(for: .questions, context) {
        case .redirect(let response): return response
        case .allowed(let flow): return services.renderer.page("claim/questions", questionsPage(flow, context))
        }
    }

    func submitQuestions(_ context: AppRequestContext) async throws -> Response {
        let flow: ClaimFlow
        switch self.flow(for: .questions, context) {
        case .redirect(let response): return response
        case .allowed(let value): flow = value
        }
        guard case .answeringQuestions(let id, let passwordHash) = flow.state else { return seeOther(ClaimStep.start.path) }
        let answers: [String: String]
        switch ChallengeAnswers.check(context.form, questions: services.config.questions,
                                      required: services.config.answersRequired) {
        case .failure(let problems):
            let page = questionsPage(flow, context, errors: problems.fields, error: problems.summary)
            return services.renderer.page("claim/questions", page, status: .unprocessableContent)
        case .success(let canonical):
            answers = canonical
        }
        let hasher = services.hasher
        let hashed = try await services.pool.run {
            try answers.map { ChallengeAnswer(studentID: id, questionID: $0.key, answerHash: try hasher.hash($0.value)) }
        }
        var claimed = try await services.database.completeClaim(studentID: id, passwordHash: passwordHash,
                                                                answers: hashed, at: now)
        if !claimed {
            // The same browser sending step 3 twice at once: the first one's claim is this one.
            claimed = try await services.database.student(id: id)?.passwordHash == passwordHash
        }
        guard claimed, let next = flow.claimed(now: now) else {
            await services.audit(context, action: "claim.complete", subject: id, outcome: .failure, reason: "already_claimed")
            context.sessions.clearSession()
            return seeOther(ClaimStep.start.path + "?failed=1")
        }
        services.metrics.claimsCompleted.increment()
        await services.audit(context, action: "claim.complete", subject: id, outcome: .success, reason: "claimed")
        save(next, context)
        return seeOther(ClaimStep.complete.path)
    }

    func showComplete(_ context: AppRequestContext) -> Response {
        switch flow(for: .complete, context) {
        case .redirect(let response): return response
        case .allowed(let flow):
            let page = ClaimCompletePage(chrome: services.renderer.chrome(title: "claim.completeTitle", context: context),
                                         username: "s" + flow.state.studentID)
            return services.renderer.page("claim/complete", page)
        }
    }
}
