import Foundation
import HomeroomCore
import Hummingbird

/// RP-Initiated Logout 1.0: an app sends the person here with the id_token it got
/// (`id_token_hint`) to sign them out of Homeroom too, and back to a registered
/// `post_logout_redirect_uri`. Without a valid hint nobody is signed out (a link elsewhere must
/// not sign a student out): the person lands on the portal, where the sign-out button is.
struct LogoutRoutes: Sendable {
    let services: AppServices
    let sessions: SignedInSessions
    let sso: SingleSignOn
    let signIn: SignInOperations

    func add(to router: Router<AppRequestContext>) {
        router.get(RouterPath(OIDCPath.logout)) { request, context in try await logout(request, context) }
        router.post(RouterPath(OIDCPath.logout)) { request, context in try await logout(request, context) }
    }

    func logout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let parameters = await OIDCParameters.of(request), parameters.repeated == nil else {
            throw AuthorizeRoutes.badRequestPage(Message("sso.unreadable"))
        }
        guard let hint = parameters["id_token_hint"], let token = await sso.keys.verified(hint), token.iss == sso.issuer,
              let client = try await sso.client(id: token.aud) else {
            return seeOther("/portal")
        }
        if let id = parameters["client_id"], id != client.clientID { throw AuthorizeRoutes.badRequestPage(Message("sso.badRedirect")) }
        var destination = "/"
        if let uri = parameters["post_logout_redirect_uri"] {
            guard client.settings.postLogoutRedirectURIs.contains(uri) else { throw AuthorizeRoutes.badRequestPage(Message("sso.badRedirect")) }
            destination = SingleSignOn.redirect(uri, ["state": parameters["state"]])
        }
        if let user = context.sessions.session?.user, user.sessionID == token.sid {
            await signIn.signedOut(user, by: context.actor())
            context.sessions.clearSession()
        }
        await services.core.audit(.rpLogout, by: context.actor(), subject: client.clientID, outcome: .success)
        return seeOther(destination)
    }
}
