import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore

/// What the server keeps for one browser between requests (server-side; the cookie holds only its id).
public struct WebSession: Codable, Sendable, Equatable {
    /// Where this browser is in Claim My Account, if it started one.
    public var claim: ClaimFlow?
    /// The username given on the landing page, waiting for its password.
    public var login: LoginFlow?
    /// Who is signed in on this browser.
    public var user: SignedInUser?
    /// Where this browser is in Forgot my Password.
    public var recovery: RecoveryFlow?

    public init(claim: ClaimFlow? = nil, login: LoginFlow? = nil, user: SignedInUser? = nil, recovery: RecoveryFlow? = nil) {
        self.claim = claim
        self.login = login
        self.user = user
        self.recovery = recovery
    }
}

extension SessionContext<WebSession> {
    /// Keeps `session` for this browser for `seconds`: in the session it has, or in a new one.
    func keep(_ session: WebSession, forSeconds seconds: TimeInterval) {
        if !updateSession(session, expiresIn: .seconds(Int64(seconds))) {
            createSession(session, expiresIn: .seconds(Int64(seconds)))
        }
    }
}

/// The request context of every route: the session, the client's address, the CSRF token
/// for forms, and the decoded form of a POST.
public struct AppRequestContext: SessionRequestContext, RemoteAddressRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<WebSession>
    public let remoteAddress: SocketAddress?
    /// The client's address: the peer, or what a trusted proxy says in X-Forwarded-For.
    public var clientAddress = "local"
    /// The token every rendered form carries in `csrf_token`.
    public var csrfToken = ""
    /// The fields of a POSTed form, checked for CSRF by `FormMiddleware`.
    public var form = FormFields([:])
    /// The messages of the language this request is answered in (see `LanguageMiddleware`).
    public var t = Messages(language: .en, texts: [:])
    /// The path asked for, so the language switch can come back to it.
    public var path = "/"

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        remoteAddress = source.channel.remoteAddress
    }
}
