import Foundation
import HomeroomCore
import Hummingbird
import HummingbirdAuth

/// Starts, checks and ends signed-in sessions. Every signed-in page asks `current` first.
struct SignedInSessions: Sendable {
    let services: AppServices
    /// Used to delete the browser's previous session record at sign-in (no fixation).
    let storage: SessionStorage<WebSession>

    var limits: SessionLimits {
        SessionLimits(idle: TimeInterval(services.config.sessionIdleMinutes * 60),
                      absolute: TimeInterval(services.config.sessionAbsoluteHours * 3600))
    }

    /// What a request finds about its session.
    enum Lookup {
        case signedIn(SignedInUser)
        /// No one is signed in on this browser.
        case none
        /// The session timed out (or its record is gone: a browser still sends its cookie).
        case expired
        /// The session was ended elsewhere: a reset, a technician.
        case ended
    }

    /// The signed-in person of this request, the session refreshed; an expired or ended session
    /// is removed here.
    func current(_ request: Request, _ context: AppRequestContext) async throws -> Lookup {
        guard let user = context.sessions.session?.user else {
            let cookieOutlivedItsSession = context.sessions.session == nil && storage.getId(request: request) != nil
            return cookieOutlivedItsSession ? .expired : .none
        }
        let now = services.clock.now
        let epoch = try await services.database.sessionEpoch(username: user.username)
        let status = user.status(now: now, limits: limits, currentEpoch: epoch)
        guard status == .valid else {
            context.sessions.clearSession()
            return status == .ended ? .ended : .expired
        }
        let seen = user.seen(at: now)
        _ = context.sessions.updateSession(.signedIn(seen),
                                           expiresIn: .seconds(seen.recordLifetime(now: now, limits: limits)))
        return .signedIn(seen)
    }

    /// The stored key of the session the browser has now, to be deleted when it signs in.
    func storedKey(of request: Request) -> String? {
        storage.getId(request: request).map { StorePersistDriver.storedKey(StorePersistDriver.keyPrefix + $0) }
    }

    /// Signs `identity` in under a new session id (the caller has deleted the browser's previous
    /// record, so a session id fixed before sign-in is worth nothing).
    func start(_ identity: SignInIdentity, epoch: Int, method: SignInMethod = .password, context: AppRequestContext) {
        let now = services.clock.now
        let user = SignedInUser(username: identity.username, role: identity.role, firstName: identity.firstName,
                                signedInAt: now, epoch: epoch, method: method)
        context.sessions.createSession(.signedIn(user), expiresIn: .seconds(user.recordLifetime(now: now, limits: limits)))
    }

    /// Where a page that needs a signed-in person sends everyone else.
    static func landing(for lookup: Lookup) -> Response {
        switch lookup {
        case .ended: seeOther("/?ended=1")
        case .expired: seeOther("/?expired=1")
        case .signedIn, .none: seeOther("/")
        }
    }
}
