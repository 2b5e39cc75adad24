import Foundation
import HomeroomCore
import Hummingbird

/// The consent page of an app registered with `consent: true` (the district consents for its
/// students otherwise), and withdrawing a consent from the portal. Ordinary pages with forms, so
/// CSRF-checked, outside `/oauth2/`.
struct ConsentRoutes: Sendable {
    let services: AppServices
    let sessions: SignedInSessions
    let sso: SingleSignOn
    let authorize: AuthorizeRoutes

    static let path = "/apps/consent"

    func add(to router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path)) { request, context in try await show(request, context) }
        router.post(RouterPath(Self.path)) { request, context in try await decide(request, context) }
        router.post("/apps/consent/:client/withdraw") { request, context in try await withdraw(request, context) }
    }

    /// The signed-in person, their waiting request and its app; else the redirect or error page.
    func waiting(_ request: Request, _ context: AppRequestContext) async throws -> (SignedInUser, String, AuthorizationRequest, OIDCClient) {
        let lookup = try await sessions.current(request, context)
        guard case .signedIn(let user) = lookup else { throw RedirectResponse(SignedInSessions.landing(for: lookup)) }
        guard let id = request.cookies[AuthorizeRoutes.pendingCookie]?.value.description, let authorization = try await sso.pending(id: id),
              let client = try await sso.client(id: authorization.clientID) else {
            throw AuthorizeRoutes.badRequestPage(Message("sso.expired"))
        }
        return (user, id, authorization, client)
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (user, _, authorization, client) = try await waiting(request, context)
        let t = context.t
        let page = ConsentPage(chrome: services.renderer.chrome(title: "sso.consentTitle", context: context, user: user),
                               heading: t.format("sso.consentHeading", ["app": client.name]),
                               items: SingleSignOn.consentKeys(authorization.scopes).map { t[$0] })
        return services.renderer.page(page)
    }

    func decide(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (user, id, authorization, client) = try await waiting(request, context)
        guard context.form["decision"] == "allow" else {
            let location = await sso.refuse(.accessDenied, redirectURI: authorization.redirectURI, state: authorization.state,
                                            clientID: client.clientID, by: context.actor())
            return try await authorize.done(id, then: location, context)
        }
        return try await authorize.finish(authorization, client: client, user: user, pendingID: id, consented: true, context)
    }

    func withdraw(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let lookup = try await sessions.current(request, context)
        guard case .signedIn(let user) = lookup else { return SignedInSessions.landing(for: lookup) }
        guard let clientID = context.parameters.get("client"),
              try await sso.withdrawConsent(username: user.username, clientID: clientID, by: context.actor()) else { throw PageError.notFound }
        return seeOther("/portal")
    }
}

/// `sso/continue.mustache`: on to the app, by a refresh rather than a redirect: a form's answer
/// may not redirect to another site (the CSP's `form-action 'self'` covers redirects too).
struct ContinuePage: PageModel {
    static let template = Template.continueToApp
    let chrome: Chrome
    let location: String
}

/// `sso/consent.mustache`: what an app asks to know, allow or deny.
struct ConsentPage: PageModel {
    static let template = Template.consent
    let chrome: Chrome
    let heading: String
    let items: [String]
}
