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
        /// Signed in; `epoch` is the account's session epoch, `deviceCookie` the browser's new
        /// device cookie for this account.
        case signedIn(SignInIdentity, epoch: Int, deviceCookie: String)
        case failed
        /// Refused before the password was checked (address, account or device throttled).
        case throttled
    }

    /// Checks `password` for `username`. From a browser whose `deviceCookie` is valid for this
    /// account (and its current session epoch) the attempt is counted against that device only;
    /// otherwise against the address and the account, as always before the check, and taken
    /// back on success in one write with the audit event and the deletion of the browser's
    /// previous session record (`endingSession`, its stored key).
    public func signIn(username: String, password: String, by actor: Actor, endingSession: String?,
                       deviceCookie: String? = nil) async throws -> Outcome {
        if let device = core.deviceCookies.verify(deviceCookie, username: username),
           device.epoch == (try await core.database.sessionEpoch(username: username)) {
            return try await signIn(username: username, password: password, from: device, by: actor, endingSession: endingSession)
        }
        let rules = core.config.signInThrottle
        let address = ThrottleKey(scope: .signInAddress, key: actor.address, rule: rules.perAddress)
        let ticket: SignInTicket
        switch try await core.database.beginSignIn(username: username, address: address, rules: rules, at: core.now) {
        case .addressThrottled: return await refuse(username, reason: "address_throttled", by: actor)
        case .locked: return await refuse(username, reason: "locked", by: actor)
        case .delayed: return await refuse(username, reason: "delayed", by: actor)
        case .allowed(let value): ticket = value
        }
        switch try await check(username, password, undo: { try await core.database.signInAbandoned(ticket) }) {
        case .failure(let reason):
            return await failed(username, reason: reason.rawValue, by: actor)
        case .success(let identity):
            let event = core.event(.signIn, by: actor, subject: username, outcome: .success, reason: identity.role.rawValue)
            let epoch = try await core.database.signInSucceeded(ticket, audit: event, endingSession: endingSession)
            return signedIn(identity, as: username, epoch: epoch)
        }
    }

    /// The attempt of a known device: its failures count for it alone (`signInThrottle.perDevice`).
    private func signIn(username: String, password: String, from device: DeviceCookies.Token, by actor: Actor,
                        endingSession: String?) async throws -> Outcome {
        let key = ThrottleKey(scope: .signInDevice, key: username + " " + device.device, rule: core.config.signInThrottle.perDevice)
        guard case .allowed(let ticket) = try await core.database.beginAttempt([key], at: core.now) else {
            return await refuse(username, reason: "device_throttled", by: actor)
        }
        switch try await check(username, password, undo: { try await core.database.forgive(ticket) }) {
        case .failure(let reason):
            return await failed(username, reason: reason.rawValue + " (known device)", by: actor)
        case .success(let identity):
            let event = core.event(.signIn, by: actor, subject: username, outcome: .success, reason: identity.role.rawValue + " (known device)")
            let epoch = try await core.database.signInSucceeded(forgiving: ticket, username: username, audit: event, endingSession: endingSession)
            return signedIn(identity, as: username, epoch: epoch)
        }
    }

    /// The password check; when it cannot run (the pool is full), `undo` takes the counted attempt back.
    private func check(_ username: String, _ password: String,
                       undo: () async throws -> Void) async throws -> Result<SignInIdentity, SignInFailure> {
        do {
            return try await checker.check(username: username, password: password)
        } catch {
            try await undo()
            throw error
        }
    }

    private func signedIn(_ identity: SignInIdentity, as username: String, epoch: Int) -> Outcome {
        core.metrics.signIns.count(.success)
        return .signedIn(identity, epoch: epoch, deviceCookie: core.deviceCookies.issue(username: username, epoch: epoch))
    }

    private func failed(_ username: String, reason: String, by actor: Actor) async -> Outcome {
        core.metrics.signIns.count(.failure)
        await core.audit(.signIn, by: actor, subject: username, outcome: .failure, reason: reason)
        return .failed
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
