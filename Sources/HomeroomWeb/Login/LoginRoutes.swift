import Foundation
import HomeroomCore
import Hummingbird
import HummingbirdAuth

/// Two-step sign-in: `/` asks for the username, `/login/password` for the password; `/logout`.
struct LoginRoutes: Sendable {
    let services: AppServices
    let sessions: SignedInSessions
    let signIn: SignInOperations

    var now: Date { services.clock.now }
    var flowIdle: TimeInterval { services.core.flowIdle }

    func add(to router: Router<AppRequestContext>) {
        router.get("/") { request, context in showLanding(request, context) }
        router.post("/login") { _, context in submitUsername(context) }
        router.get("/login/password") { _, context in try showPassword(context) }
        router.post("/login/password") { request, context in try await submitPassword(request, context) }
        router.post("/logout") { _, context in await signOut(context) }
    }

    // MARK: The username

    func landingPage(_ context: AppRequestContext) -> LandingPage {
        LandingPage(chrome: services.renderer.chrome(title: "home.title", context: context))
    }

    func showLanding(_ request: Request, _ context: AppRequestContext) -> Response {
        let query = request.uri.queryParameters
        if query.isEmpty {
            return services.renderer.tokenOnlyPage(title: "home.title", context: context) { LandingPage(chrome: $0) }
        }
        var page = landingPage(context)
        page.expired = query["expired"] != nil
        page.ended = query["ended"] != nil
        page.typedUsername = query["username"].map { String($0.prefix(LoginUsername.maxLength)) } ?? ""
        return services.renderer.page(page)
    }

    /// Always goes on to the password step for a well-formed name, so this step reveals nothing.
    func submitUsername(_ context: AppRequestContext) -> Response {
        switch LoginUsername.parse(context.form["username"]) {
        case .failure(let problem):
            var page = landingPage(context)
            page.typedUsername = context.form["username"] ?? ""
            page.usernameError = context.t.text(problem.message)
            return services.renderer.page(page, status: .unprocessableContent)
        case .success(let username):
            let flow = LoginFlow(username: username, startedAt: now)
            context.sessions.keep(.usernameGiven(flow, keeping: context.sessions.session), forSeconds: flowIdle)
            return seeOther("/login/password")
        }
    }

    // MARK: The password

    /// The username waiting for its password; a step reached out of order or expired throws the
    /// redirect back to the landing page.
    func pendingUsername(_ context: AppRequestContext) throws -> String {
        guard let flow = context.sessions.session?.login, !flow.isExpired(now: now, idle: flowIdle) else {
            throw RedirectResponse(seeOther("/?expired=1"))
        }
        return flow.username
    }

    func passwordPage(_ username: String, _ context: AppRequestContext) -> LoginPasswordPage {
        LoginPasswordPage(chrome: services.renderer.chrome(title: "login.title", context: context), username: username)
    }

    func showPassword(_ context: AppRequestContext) throws -> Response {
        services.renderer.page(passwordPage(try pendingUsername(context), context))
    }

    func submitPassword(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let username = try pendingUsername(context)
        var page = passwordPage(username, context)
        let password = context.form["password"] ?? ""
        guard !password.isEmpty else {
            page.error = context.t["login.passwordMissing"]
            return services.renderer.page(page, status: .unprocessableContent)
        }
        let deviceCookieName = DeviceCookies.name(for: username)
        switch try await signIn.signIn(username: username, password: password, by: context.actor(),
                                       endingSession: sessions.storedKey(of: request),
                                       deviceCookie: request.cookies[deviceCookieName]?.value) {
        case .throttled:
            page.failed = true
            page.throttled = true
            return services.renderer.page(page, status: .tooManyRequests)
        case .failed:
            page.failed = true
            return services.renderer.page(page)
        case .signedIn(let identity, let epoch, let deviceCookie):
            sessions.start(identity, epoch: epoch, context: context)
            // An app's authorization waiting for this sign-in goes on.
            var response = seeOther(request.cookies[AuthorizeRoutes.pendingCookie] == nil ? "/portal" : OIDCPath.resume)
            response.setCookie(Cookie(name: deviceCookieName, value: deviceCookie,
                                      maxAge: services.config.signInThrottle.deviceCookieDays * 86400, path: "/",
                                      secure: services.config.tlsCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    // MARK: Sign-out

    func signOut(_ context: AppRequestContext) async -> Response {
        if let user = context.sessions.session?.user {
            await signIn.signedOut(user, by: context.actor())
        }
        context.sessions.clearSession()
        return seeOther("/")
    }
}
