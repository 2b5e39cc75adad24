import Foundation
import Hummingbird
import HummingbirdAuth

/// Two-step sign-in: `/` asks for the username, `/login/password` for the password; `/logout`.
struct LoginRoutes: Sendable {
    let services: AppServices
    let sessions: SignedInSessions
    let checker: CredentialChecker

    var now: Date { services.clock.now }
    var flowIdle: TimeInterval { TimeInterval(services.config.flowIdleMinutes * 60) }

    func add(to router: Router<AppRequestContext>) {
        router.get("/") { request, context in showLanding(request, context) }
        router.post("/login") { _, context in submitUsername(context) }
        router.get("/login/password") { _, context in showPassword(context) }
        router.post("/login/password") { request, context in try await submitPassword(request, context) }
        router.post("/logout") { _, context in try await signOut(context) }
    }

    // MARK: The username

    func landingPage(_ context: AppRequestContext) -> LandingPage {
        LandingPage(chrome: services.renderer.chrome(title: "home.title", context: context))
    }

    func showLanding(_ request: Request, _ context: AppRequestContext) -> Response {
        let query = request.uri.queryParameters
        if query.isEmpty {
            return services.renderer.tokenOnlyPage("home", title: "home.title", context: context) { LandingPage(chrome: $0) }
        }
        var page = landingPage(context)
        page.expired = query["expired"] != nil
        page.ended = query["ended"] != nil
        return services.renderer.page("home", page)
    }

    /// Always goes on to the password step for a well-formed name, so this step reveals nothing.
    func submitUsername(_ context: AppRequestContext) -> Response {
        switch LoginUsername.parse(context.form["username"]) {
        case .failure(let problem):
            var page = landingPage(context)
            page.typedUsername = context.form["username"] ?? ""
            page.usernameError = context.t.text(problem.message)
            return services.renderer.page("home", page, status: .unprocessableContent)
        case .success(let username):
            let flow = LoginFlow(username: username, startedAt: now)
            let kept = context.sessions.session ?? WebSession()
            let next = WebSession(claim: kept.claim, login: flow, user: kept.user)
            context.sessions.keep(next, forSeconds: flowIdle)
            return seeOther("/login/password")
        }
    }

    // MARK: The password

    /// The username waiting for its password, unless the step was reached out of order or expired.
    func pendingUsername(_ context: AppRequestContext) -> String? {
        guard let flow = context.sessions.session?.login, !flow.isExpired(now: now, idle: flowIdle) else { return nil }
        return flow.username
    }

    func passwordPage(_ username: String, _ context: AppRequestContext) -> LoginPasswordPage {
        LoginPasswordPage(chrome: services.renderer.chrome(title: "login.title", context: context), username: username)
    }

    func showPassword(_ context: AppRequestContext) -> Response {
        guard let username = pendingUsername(context) else { return seeOther("/?expired=1") }
        return services.renderer.page("login/password", passwordPage(username, context))
    }

    func submitPassword(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let username = pendingUsername(context) else { return seeOther("/?expired=1") }
        var page = passwordPage(username, context)
        let password = context.form["password"] ?? ""
        guard !password.isEmpty else {
            page.error = context.t["login.passwordMissing"]
            return services.renderer.page("login/password", page, status: .unprocessableContent)
        }
        let rules = services.config.signInThrottle
        let address = ThrottleKey(scope: "signin.address", key: context.clientAddress, rule: rules.perAddress)
        let ticket: SignInTicket
        switch try await services.database.beginSignIn(username: username, address: address, rules: rules, at: now) {
        case .addressThrottled: return try await refuse(username, reason: "address_throttled", page: page, context)
        case .locked: return try await refuse(username, reason: "locked", page: page, context)
        case .delayed: return try await refuse(username, reason: "delayed", page: page, context)
        case .allowed(let value): ticket = value
        }
        let result: Result<SignInIdentity, SignInFailure>
        do {
            result = try await checker.check(username: username, password: password)
        } catch {
            try await services.database.signInAbandoned(ticket)
            throw error
        }
        switch result {
        case .failure(let reason):
            services.metrics.signIn("failure")
            await services.audit(context, action: "signin", subject: username, outcome: .failure, reason: reason.rawValue)
            page.failed = true
            return services.renderer.page("login/password", page)
        case .success(let identity):
            let event = services.auditEvent(context, action: "signin", subject: username, outcome: .success,
                                            reason: identity.role.rawValue)
            let epoch = try await services.database.signInSucceeded(ticket, audit: event,
                                                                    endingSession: sessions.storedKey(of: request))
            sessions.start(identity, epoch: epoch, context: context)
            services.metrics.signIn("success")
            return seeOther("/portal")
        }
    }

    /// A throttled attempt: the fixed message with 429; the password was not checked.
    func refuse(_ username: String, reason: String, page: LoginPasswordPage,
                _ context: AppRequestContext) async throws -> Response {
        var page = page
        page.failed = true
        page.throttled = true
        services.metrics.signIn("throttled")
        await services.audit(context, action: "signin", subject: username, outcome: .throttled, reason: reason)
        return services.renderer.page("login/password", page, status: .tooManyRequests)
    }

    // MARK: Sign-out

    func signOut(_ context: AppRequestContext) async throws -> Response {
        if let user = context.sessions.session?.user {
            await services.audit(context, action: "signout", subject: user.username, outcome: .success, reason: nil)
        }
        context.sessions.clearSession()
        return seeOther("/")
    }
}
