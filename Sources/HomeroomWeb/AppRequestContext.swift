import Foundation
import HomeroomCore
import Hummingbird
import HummingbirdAuth
import NIOCore

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

    /// Who is asking, for the audit: the client's address, and the staff member when `staff` is given.
    func actor(staff: SignedInUser? = nil) -> Actor { .web(address: clientAddress, staff: staff?.username) }
}
