import Foundation

/// What the server keeps for one browser between requests (server-side; the cookie holds only
/// its id). It changes only through the named transitions below, each of which says what the
/// browser keeps of its other flows.
public struct WebSession: Codable, Sendable, Equatable {
    /// Where this browser is in Claim My Account, if it started one.
    public private(set) var claim: ClaimFlow?
    /// The username given on the landing page, waiting for its password.
    public private(set) var login: LoginFlow?
    /// Who is signed in on this browser.
    public private(set) var user: SignedInUser?
    /// Where this browser is in Forgot my Password.
    public private(set) var recovery: RecoveryFlow?

    private init(claim: ClaimFlow? = nil, login: LoginFlow? = nil, user: SignedInUser? = nil, recovery: RecoveryFlow? = nil) {
        self.claim = claim
        self.login = login
        self.user = user
        self.recovery = recovery
    }

    /// A claim started or moved on a step: the browser keeps only the claim.
    public static func claiming(_ flow: ClaimFlow) -> WebSession { WebSession(claim: flow) }

    /// The username step done: the password step waits for `flow`. A claim in progress and a
    /// signed-in person stay; a reset in progress is dropped.
    public static func usernameGiven(_ flow: LoginFlow, keeping current: WebSession?) -> WebSession {
        WebSession(claim: current?.claim, login: flow, user: current?.user)
    }

    /// `user` signed in, or seen again: the browser keeps only the signed-in person.
    public static func signedIn(_ user: SignedInUser) -> WebSession { WebSession(user: user) }

    /// A reset started or moved on a step: the browser keeps only the reset.
    public static func resetting(_ flow: RecoveryFlow) -> WebSession { WebSession(recovery: flow) }
}
