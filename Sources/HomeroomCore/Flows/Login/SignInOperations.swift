import Foundation

/// The password step of sign-in and sign-out, as operations: the throttles, the check, the
/// bookkeeping and the audit, HTTP aside.
public struct SignInOperations: Sendable {
    let core: CoreServices
    let checker: CredentialChecker

    /// Staff without a local password are checked by `pam` when given.
    public init(core: CoreServices, pam: (any StaffAuthenticator)?) {
        self.core = core
        checker = CredentialChecker(core: core, pam: pam)
    }

    /// What a password step came to. Every failure looks the same to the person.
    public enum Outcome: Sendable, Equatable {
        /// Signed in; `epoch` is the account's session epoch.
        case signedIn(SignInIdentity, epoch: Int)
        case failed
        /// Refused before the password was checked (address or account throttled).
        case throttled
    }

    /// Checks `password` for `username`: counted against the address and the account before the
    /// check, taken back on success in one write with the audit event and the deletion of the
    /// browser's previous session record (`endingSession`, its stored key).
    public func signIn(username: String, password: String, by actor: Actor, endingSession: String?) async throws -> Outcome {
        let rules = core.config.signInThrottle
        let address = ThrottleKey(scope: .signInAddress, key: actor.address, rule: rules.perAddress)
        let ticket: SignInTicket
        switch try await core.database.beginSignIn(username: username, address: address, rules: rules, at: core.now) {
        case .addressThrottled: return await refuse(username, reason: "address_throttled", by: actor)
        case .locked: return await refuse(username, reason: "locked", by: actor)
        case .delayed: return await refuse(username, reason: "delayed", by: actor)
        case .allowed(let value): ticket = value
        }
        let result: Result<SignInIdentity, SignInFailure>
        do {
            result = try await checker.check(username: username, password: password)
        } catch {
            try await core.database.signInAbandoned(ticket)
            throw error
        }
        switch result {
        case .failure(let reason):
            core.metrics.signIns.count(.failure)
            await core.audit(.signIn, by: actor, subject: username, outcome: .failure, reason: reason.rawValue)
            return .failed
        case .success(let identity):
            let event = core.event(.signIn, by: actor, subject: username, outcome: .success, reason: identity.role.rawValue)
            let epoch = try await core.database.signInSucceeded(ticket, audit: event, endingSession: endingSession)
            core.metrics.signIns.count(.success)
            return .signedIn(identity, epoch: epoch)
        }
    }

    private func refuse(_ username: String, reason: String, by actor: Actor) async -> Outcome {
        core.metrics.signIns.count(.throttled)
        await core.audit(.signIn, by: actor, subject: username, outcome: .throttled, reason: reason)
        return .throttled
    }

    /// `user` signed out: audited, and the apps of that sign-in are told (back-channel logout).
    public func signedOut(_ user: SignedInUser, by actor: Actor) async {
        await core.audit(.signOut, by: actor, subject: user.username, outcome: .success)
        do {
            try await core.database.queueLogouts(sessionID: user.sessionID, at: core.now)
        } catch {
            core.logger.error("back-channel logout not queued", metadata: ["error": "\(error)"])
        }
    }
}
