import Foundation
import HomeroomCore
import Hummingbird
import HummingbirdAuth

/// The authorization endpoint (GET and POST). A person who is signed in (recently enough) gets a
/// code for the app at once; anyone else signs in with the usual two steps (and may claim first)
/// while the request waits on the server, and `/oauth2/authorize/resume` finishes it.
struct AuthorizeRoutes: Sendable {
    let services: AppServices
    let sessions: SignedInSessions
    let sso: SingleSignOn

    /// The browser's handle on its waiting request.
    static let pendingCookie = "homeroom_authorize"

    func add(to router: Router<AppRequestContext>) {
        router.get(RouterPath(OIDCPath.authorize)) { request, context in try await authorize(request, context) }
        router.post(RouterPath(OIDCPath.authorize)) { request, context in try await authorize(request, context) }
        router.get(RouterPath(OIDCPath.resume)) { request, context in try await resume(request, context) }
    }

    static func badRequestPage(_ message: Message) -> PageError {
        PageError(status: .badRequest, title: "sso.errorTitle", message: message)
    }
    static let notAvailable = PageError(status: .forbidden, title: "sso.notAvailableTitle", message: Message("sso.notAvailable"))

    func authorize(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let parameters = await OIDCParameters.of(request) else { throw Self.badRequestPage(Message("sso.unreadable")) }
        var client: OIDCClient?
        if let id = parameters.values["client_id"]?.first { client = try await sso.client(id: id) }
        let authorization: AuthorizationRequest
        switch AuthorizationRequest.parse(parameters.values, client: client) {
        case .failure(.page(let message)):
            await services.core.audit(.authorize, by: context.actor(), subject: parameters.values["client_id"]?.first, outcome: .failure,
                                      reason: message.key)
            throw Self.badRequestPage(message)
        case .failure(.redirect(let error, let uri, let state)):
            return seeOther(await sso.refuse(error, redirectURI: uri, state: state, clientID: client?.clientID, by: context.actor()))
        case .success(let value):
            authorization = value
        }
        let lookup = try await sessions.current(request, context)
        if case .signedIn(let user) = lookup, !authorization.prompt.contains("login"),
           authorization.accepts(authTime: user.signedInAt, now: services.clock.now) {
            return try await finish(authorization, client: client!, user: user, context)
        }
        if authorization.prompt.contains("none") {
            return seeOther(await sso.refuse(.loginRequired, redirectURI: authorization.redirectURI, state: authorization.state,
                                             clientID: authorization.clientID, by: context.actor()))
        }
        // A fresh sign-in: whoever is signed in here signs in again.
        if case .signedIn = lookup { context.sessions.clearSession() }
        let id = try await sso.keepPending(authorization)
        return pending(id, then: authorization.loginHint.map {
            "/?username=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        } ?? "/")
    }

    /// Goes to `location`, the browser holding the waiting request's id.
    func pending(_ id: String, then location: String) -> Response {
        var response = seeOther(location)
        response.setCookie(Cookie(name: Self.pendingCookie, value: id, path: "/", secure: services.config.tlsCookies,
                                  httpOnly: true, sameSite: .lax))
        return response
    }

    /// Goes to `location`, the waiting request done with. After a form (the password step, the
    /// consent page) the way to another site is a page that refreshes to it: the CSP's
    /// `form-action 'self'` also forbids a form's redirect to leave this server.
    func done(_ id: String?, then location: String, _ context: AppRequestContext) async throws -> Response {
        var response = id == nil ? seeOther(location)
            : services.renderer.page(ContinuePage(chrome: services.renderer.chrome(title: "sso.continueTitle", context: context),
                                                  location: location))
        if let id {
            try await sso.dropPending(id: id)
            response.setCookie(Self.expiredCookie(secure: services.config.tlsCookies))
        }
        return response
    }

    /// Tells the browser to forget its waiting request.
    static func expiredCookie(secure: Bool) -> Cookie {
        Cookie(name: pendingCookie, value: "", expires: Date(timeIntervalSince1970: 0), path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// After the sign-in: the waiting request, for the person now signed in.
    func resume(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let lookup = try await sessions.current(request, context)
        guard case .signedIn(let user) = lookup else { return SignedInSessions.landing(for: lookup) }
        guard let id = request.cookies[Self.pendingCookie]?.value.description else { return seeOther("/portal") }
        guard let authorization = try await sso.pending(id: id), let client = try await sso.client(id: authorization.clientID) else {
            // Given up long ago (or the app was removed): this sign-in is an ordinary one.
            var response = seeOther("/portal")
            response.setCookie(Self.expiredCookie(secure: services.config.tlsCookies))
            return response
        }
        return try await finish(authorization, client: client, user: user, pendingID: id, context)
    }

    /// The code (or the refusal) for `user`, or the consent page first for an app that asks.
    func finish(_ authorization: AuthorizationRequest, client: OIDCClient, user: SignedInUser, pendingID: String? = nil,
                consented: Bool = false, _ context: AppRequestContext) async throws -> Response {
        switch try await sso.authorize(authorization, client: client, user: user, consented: consented, by: context.actor()) {
        case .redirect(let location): return try await done(pendingID, then: location, context)
        case .notAvailable:
            if let pendingID { try await sso.dropPending(id: pendingID) }
            throw Self.notAvailable
        case .needsConsent:
            if let pendingID { return pending(pendingID, then: ConsentRoutes.path) }
            return pending(try await sso.keepPending(authorization), then: ConsentRoutes.path)
        }
    }
}
