import GRDB

/// Every kind of event the audit table records. The raw value is what the table and the CSV
/// export hold.
public enum AuditAction: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible, CustomStringConvertible {
    case claimStart = "claim.start"
    case claimComplete = "claim.complete"
    case signIn = "signin"
    case signOut = "signout"
    case resetStart = "reset.start"
    case resetAnswers = "reset.answers"
    case resetComplete = "reset.complete"
    /// New challenge answers chosen after a reset code's new password.
    case resetNewAnswers = "reset.new_answers"
    case usernameLookup = "username.lookup"
    /// A technician returned one student to unclaimed.
    case resetClaim = "admin.reset"
    case unlock = "admin.unlock"
    case endSessions = "admin.end_sessions"
    case resetAllStudents = "admin.reset_all"
    case importRoster = "admin.import_roster"
    case addStaff = "admin.staff_add"
    case setStaffRole = "admin.staff_role"
    case removeStaff = "admin.staff_remove"
    case exportAudit = "admin.audit_export"
    /// A throttle lock was set on an address (or an address and a name, ID or username).
    case throttleLock = "throttle.lock"
    /// A technician lifted a throttle lock.
    case liftThrottleLock = "admin.lift_lock"
    case addClient = "sso.client_add"
    case removeClient = "sso.client_remove"
    case rotateClientSecret = "sso.client_secret"
    case rotateSigningKeys = "sso.rotate_keys"
    /// An authorization request answered: a code issued, or refused with its error.
    case authorize = "sso.authorize"
    /// A token request answered: tokens issued, or refused with its error.
    case token = "sso.token"
    case revokeToken = "sso.revoke"
    case rpLogout = "sso.logout"
    /// A back-channel logout delivered to an app, or given up.
    case backchannelLogout = "sso.backchannel_logout"
    case grantConsent = "sso.consent"
    case withdrawConsent = "sso.consent_withdraw"
    /// A one-time claim or reset code issued to a student (the reason says which kind).
    case issueCode = "code.issue"
    case revokeCode = "code.revoke"
    /// A one-time code typed: used, or refused.
    case redeemCode = "code.redeem"
    /// A QR badge printed for a student (replacing any before it), or revoked.
    case issueBadge = "badge.issue"
    case revokeBadge = "badge.revoke"
    /// A badge shown at `/badge`: signed in, refused, or throttled.
    case badgeSignIn = "badge.signin"

    public var description: String { rawValue }
}

/// Who did something and from where: what an audit event records beside the action. A student's
/// own request has no actor name, only an address.
public struct Actor: Sendable, Equatable {
    /// The staff username, `cli:<system user>` on the command line, or nil for a student's own request.
    public let name: String?
    /// The client's address, or `command line`.
    public let address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    /// Someone using the portal from `address`, signed in as `staff` when given.
    public static func web(address: String, staff: String? = nil) -> Actor { Actor(name: staff, address: address) }

    /// The system user running a `homeroom` command.
    public static func commandLine(user: String) -> Actor { Actor(name: "cli:" + user, address: "command line") }
}

/// The throttles' counters, each a scope with its own keys (an ID, an address).
public enum ThrottleScope: String, Sendable, CaseIterable {
    /// Whether the key begins with the client's address (then the console names its school).
    public var isPerAddress: Bool { self != .claimStudent && self != .signInDevice && self != .clientAuthentication }

    /// The client address a key of this scope begins with (see `ThrottleKey(scope:address:tried:rule:)`).
    public func address(inKey key: String) -> String? {
        isPerAddress ? String(key.prefix { $0 != " " }) : nil
    }

    /// Claim step 1, per student ID.
    case claimStudent = "claim.student"
    /// Claim step 1, per client address.
    case claimAddress = "claim.address"
    /// Claim step 1, per client address and name: a search of the ID space for one name.
    case claimName = "claim.name"
    case signInAddress = "signin.address"
    /// Failed sign-ins from one known device (a valid device cookie), per account and device.
    case signInDevice = "signin.device"
    case resetAddress = "reset.address"
    /// Forgot my Password, per client address and username.
    case resetUsername = "reset.username"
    case usernameAddress = "username.address"
    /// Forgot Username, per client address and student ID.
    case usernameStudent = "username.student"
    /// Failed client authentication at the token and revocation endpoints, per client and address,
    /// and per address.
    case clientAuthentication = "sso.client"
    case clientAddress = "sso.address"
    /// Wrong one-time codes, per client address.
    case codeAddress = "code.address"
    /// Wrong badges and short codes, per client address.
    case badgeAddress = "badge.address"
}

/// Counters that start again every day.
public enum DailyLimitScope: String, Sendable {
    /// Forgot Username, per student ID.
    case usernameLookup = "username.lookup"
}
